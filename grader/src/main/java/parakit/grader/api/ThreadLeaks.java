package parakit.grader.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Platform threads that the code under test started and left running: a pool that was never shut down, an event
 * loop that was never stopped, a worker that never ends.
 *
 * <pre>{@code
 * ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
 * Crawler.fetchAll(pages, 4);                                      // the student's code
 * assertThat(ThreadLeaks.leftRunning(before, Duration.ofMillis(500)))
 *         .as("threads left running after fetchAll returned").isEmpty();
 * }</pre>
 *
 * <p>A thread counts when it was not alive at the snapshot and is still alive after waiting up to a grace period
 * for it to end (a pool that is shut down lets its threads finish a moment after the call returns, so the grace
 * period keeps a correct solution from being blamed). Not counted: the JDK's own helper threads, which the code
 * under test does not own and cannot stop (the common {@code ForkJoinPool}'s workers, the {@code process reaper},
 * {@code CompletableFuture}'s delayer, the server threads of {@link parakit.support.PageServer}). An
 * {@code HttpClient}'s selector thread does count: the code that built the client owns it and ends it with
 * {@code close()}. Virtual threads are not listed (the JDK does not enumerate them) and never
 * keep a JVM alive.
 *
 * <p>Take the snapshot in the test thread right before the call, and keep the test's own helper threads out of
 * the interval (or end them first): every other new thread counts.
 */
public final class ThreadLeaks {

    /** Names of threads the JDK starts for itself on behalf of any code (prefixes). */
    private static final List<String> JDK_PREFIXES = List.of("process reaper", "CompletableFutureDelayScheduler",
            "HTTP-Dispatcher", "server-timer", "Common-Cleaner", "Reference Handler", "Finalizer", "Signal Dispatcher",
            "Notification Thread", "Attach Listener", "JFR ", "ForkJoinPool.commonPool-");

    private ThreadLeaks() {
    }

    /** The platform threads alive at one moment. */
    public static final class Snapshot {
        private final Set<Thread> alive;

        private Snapshot(Set<Thread> alive) {
            this.alive = alive;
        }

        boolean contains(Thread thread) {
            return alive.contains(thread);
        }
    }

    /** The platform threads alive now. */
    public static Snapshot snapshot() {
        Set<Thread> alive = Collections.newSetFromMap(new IdentityHashMap<>());
        alive.addAll(Thread.getAllStackTraces().keySet());
        return new Snapshot(alive);
    }

    /**
     * The threads started since {@code before} that are still alive after waiting up to {@code grace} for them to
     * end, JDK helper threads left out; each described as {@code "name (daemon, WAITING)"}. Empty when nothing was
     * left running.
     */
    public static List<String> leftRunning(Snapshot before, Duration grace) throws InterruptedException {
        return describe(waitForEnd(before, grace, false));
    }

    /**
     * Like {@link #leftRunning}, counting the common {@code ForkJoinPool}'s workers too: for a question that must
     * not use the common pool at all.
     */
    public static List<String> leftRunningIncludingCommonPool(Snapshot before, Duration grace)
            throws InterruptedException {
        return describe(waitForEnd(before, grace, true));
    }

    /**
     * The threads themselves (for a test that wants to look at them, e.g. whether they are daemons), after the
     * same grace period as {@link #leftRunning}.
     */
    public static List<Thread> threadsLeftRunning(Snapshot before, Duration grace) throws InterruptedException {
        return waitForEnd(before, grace, false);
    }

    private static List<Thread> waitForEnd(Snapshot before, Duration grace, boolean commonPool)
            throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> left = started(before, commonPool);
        for (Thread thread : left) {
            long rest = deadline - System.nanoTime();
            if (rest > 0) {
                thread.join(Duration.ofNanos(rest));
            }
        }
        return started(before, commonPool);
    }

    private static List<Thread> started(Snapshot before, boolean commonPool) {
        List<Thread> left = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !before.contains(thread) && thread != Thread.currentThread()
                    && !jdkHelper(thread, commonPool)) {
                left.add(thread);
            }
        }
        left.sort((a, b) -> a.getName().compareTo(b.getName()));
        return left;
    }

    private static boolean jdkHelper(Thread thread, boolean commonPool) {
        if (thread instanceof ForkJoinWorkerThread worker && worker.getPool() == java.util.concurrent.ForkJoinPool.commonPool()) {
            return !commonPool;
        }
        String name = thread.getName();
        for (String prefix : JDK_PREFIXES) {
            if (name.startsWith(prefix) && !(prefix.startsWith("ForkJoinPool.commonPool") && commonPool)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> describe(List<Thread> threads) {
        List<String> described = new ArrayList<>();
        for (Thread thread : threads) {
            described.add(thread.getName() + " (" + (thread.isDaemon() ? "daemon" : "not a daemon") + ", "
                    + thread.getState() + ")");
        }
        return described;
    }
}
