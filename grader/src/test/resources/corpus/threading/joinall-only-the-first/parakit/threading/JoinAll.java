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
        List<Thread> others = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && !t.isDaemon()) {
                others.add(t);
            }
        }
        int ended = 0;
        for (Thread t : others.subList(0, Math.min(1, others.size()))) {
            long left = deadline - System.nanoTime();
            if (left > 0 && t.join(Duration.ofNanos(left))) {
                ended++;
            } else if (!t.isAlive()) {
                ended++;
            }
        }
        return ended;
    }
}
