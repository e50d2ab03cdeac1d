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

    /**
     * Starts a daemon platform thread named {@code name} that runs {@code body}. The thread is a daemon from its
     * start, whatever kind of thread calls this method (a new thread otherwise takes its creator's flag).
     */
    public static Thread startDaemon(String name, Runnable body) {
        // TODO Daemons.startDaemon: Create a platform thread named name running body, mark it as a daemon BEFORE starting it, start it,
        //   and return it.
        throw new UnsupportedOperationException("TODO Daemons.startDaemon");
    }

    /**
     * Starts a non-daemon platform thread named {@code name} that runs {@code body}, whatever kind of thread calls
     * this method (a daemon or a virtual caller included).
     */
    public static Thread startNonDaemon(String name, Runnable body) {
        // TODO Daemons.startNonDaemon: Same as startDaemon, but the thread must keep the JVM alive while it runs: not a daemon.
        throw new UnsupportedOperationException("TODO Daemons.startNonDaemon");
    }

    /**
     * Waits for {@code thread} to end, but not much longer than {@code timeout}. A timeout of zero or less does
     * not wait at all: it only reports whether the thread has ended.
     *
     * @return {@code true} if the thread has ended, {@code false} if it is still alive after the timeout
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static boolean joinAtMost(Thread thread, Duration timeout) throws InterruptedException {
        // TODO Daemons.joinAtMost: Wait for the thread with a time limit (a join that takes the timeout), then report whether it ended.
        throw new UnsupportedOperationException("TODO Daemons.joinAtMost");
    }
}
