package parakit.threading;

import java.time.Duration;

/**
 * Q3. Daemon and non-daemon threads, and waiting with a time limit.
 *
 * <p>The JVM exits when its last non-daemon thread ends. A daemon thread does not keep it alive: when only
 * daemons are left, the JVM stops them wherever they are (no {@code finally} blocks run). The daemon flag
 * must be set before {@link Thread#start()}; afterwards {@code setDaemon} throws
 * {@link IllegalThreadStateException}.
 *
 * <p>Python's {@code t.join(timeout)} returns {@code None} either way and the caller asks
 * {@code t.is_alive()}; Java's {@link Thread#join(Duration)} returns whether the thread ended.
 */
public final class Daemons {

    private Daemons() {
    }

    /** Starts a daemon platform thread named {@code name} that runs {@code body}. */
    public static Thread startDaemon(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(body);
    }

    /** Starts a non-daemon platform thread named {@code name} that runs {@code body}. */
    public static Thread startNonDaemon(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(body);
    }

    /**
     * Waits for {@code thread} to end, but not much longer than {@code timeout}.
     *
     * @return {@code true} if the thread has ended, {@code false} if it is still alive after the timeout
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static boolean joinAtMost(Thread thread, Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
