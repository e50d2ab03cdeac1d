package parakit.threading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Q4. Waiting for every other thread: the practical enumerates all live threads ({@code threading.enumerate()})
 * and joins each one except the main thread, because a thread that joins itself waits forever.
 *
 * <p>In Java, {@link Thread#getAllStackTraces()} gives every live platform thread of the JVM. Besides the
 * program's own threads it contains the JVM's helpers ("Reference Handler", "Finalizer", "Signal
 * Dispatcher", "Common-Cleaner", ...). They are daemon threads that never end, so joining them would wait
 * forever as well; the JVM itself ignores daemons when it decides to exit, and so does this method.
 */
public final class JoinAll {

    private JoinAll() {
    }

    /**
     * Waits until every live non-daemon thread other than the calling thread has ended, or until
     * {@code within} has passed, whichever comes first. Threads started while it waits are not waited for.
     *
     * @return the number of threads that this call waited for and that have ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static int joinAllOthers(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        // TODO JoinAll.joinAllOthers: Take a snapshot of all live threads (Thread.getAllStackTraces().keySet()). Skip the current thread
        //   (joining yourself never returns) and daemon threads (the JVM's helpers never end). Join each of the
        //   others with the time left until deadline, and count those that have ended.
        throw new UnsupportedOperationException("TODO JoinAll.joinAllOthers");
    }
}
