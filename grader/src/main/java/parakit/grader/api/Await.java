package parakit.grader.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bounded waits for hidden tests, with failure messages that explain the threads' state.
 *
 * <p>Every wait has a deadline, so that a wrong solution fails with a message ("worker-1 is BLOCKED on
 * java.util.concurrent.locks.ReentrantLock$NonfairSync owned by worker-0, which has TERMINATED: the lock
 * was never released") instead of hanging until the grader's per-test time limit.
 *
 * <p>Deterministic ordering: to test that waiters are woken, first call {@link #untilBlocked} on the
 * waiters, then signal; to test a missed signal, signal first and start the waiter afterwards.
 */
public final class Await {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Await() {
    }

    /**
     * Waits until each thread is WAITING, TIMED_WAITING or BLOCKED (that is: parked in a wait, a sleep, a
     * join, or on a monitor), or fails naming those that are not.
     *
     * @throws AssertionError if the deadline passes first; the message describes every thread
     */
    public static void untilBlocked(Duration within, Thread... threads) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            boolean all = Arrays.stream(threads).allMatch(Await::isBlocked);
            if (all) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected these threads to be waiting within " + within.toMillis()
                        + " ms, but they were not:\n" + describe(threads));
            }
            sleepBriefly();
        }
    }

    /**
     * Waits until each thread is {@code WAITING}: parked without a timeout ({@code Condition.await()},
     * {@code Object.wait()}, {@code join()}, {@code LockSupport.park}), which is how a thread waits for a signal.
     * Unlike {@link #untilBlocked}, a thread that polls (a timed wait or a sleep in a loop, {@code TIMED_WAITING})
     * or spins ({@code RUNNABLE}) never satisfies it, and neither does one {@code BLOCKED} on a monitor.
     *
     * <p>Use it where the lesson says "wait for a signal": a poll that wakes up every few milliseconds is seen
     * TIMED_WAITING, and the failure message says so.
     *
     * @throws AssertionError if the deadline passes first; the message names each thread's state and what a
     *         TIMED_WAITING or RUNNABLE state means here
     */
    public static void untilWaiting(Duration within, Thread... threads) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (Arrays.stream(threads).allMatch(t -> t.getState() == Thread.State.WAITING)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                boolean polls = Arrays.stream(threads).anyMatch(t -> t.getState() == Thread.State.TIMED_WAITING);
                boolean spins = Arrays.stream(threads).anyMatch(t -> t.getState() == Thread.State.RUNNABLE);
                throw new AssertionError("expected these threads to wait for a signal (WAITING) within "
                        + within.toMillis() + " ms, but they did not:\n" + describe(threads)
                        + (polls ? "  TIMED_WAITING: the thread sleeps or waits with a timeout again and again (polling) "
                                + "instead of waiting until it is signalled\n" : "")
                        + (spins ? "  RUNNABLE: the thread keeps running (busy-waiting) instead of waiting\n" : ""));
            }
            sleepBriefly();
        }
    }

    /**
     * Joins every thread, all within one deadline.
     *
     * @throws AssertionError if a thread is still alive at the deadline; the message names each live
     *         thread, its state, the lock it waits for and who owns it, and any deadlock among them
     */
    public static void joined(Duration within, Thread... threads) {
        long deadline = System.nanoTime() + within.toNanos();
        for (Thread t : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + t.getName(), e);
            }
        }
        Thread[] alive = Arrays.stream(threads).filter(Thread::isAlive).toArray(Thread[]::new);
        if (alive.length > 0) {
            throw new AssertionError(alive.length + " of " + threads.length + " threads did not finish within "
                    + within.toMillis() + " ms:\n" + describe(alive));
        }
    }

    /**
     * One line per thread: name, state, the lock it waits for and that lock's owner (with the owner's
     * state), followed by a line per deadlock cycle that involves any of these threads.
     */
    public static String describe(Thread... threads) {
        StringBuilder out = new StringBuilder();
        Set<Long> ids = new HashSet<>();
        for (Thread t : threads) {
            ids.add(t.threadId());
            out.append("  - ").append(t.getName()).append(": ").append(t.getState());
            ThreadInfo info = THREADS.getThreadInfo(t.threadId());
            if (info != null && info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    out.append(" owned by ").append(info.getLockOwnerName());
                    Thread owner = findThread(info.getLockOwnerId());
                    out.append(owner == null ? " (which has ended: the lock was never released)"
                            : " (" + owner.getState() + ")");
                } else if (info.getLockName().contains("AbstractQueuedSynchronizer")
                        || info.getLockName().contains("ConditionObject")) {
                    out.append(" (waiting for a signal)");
                }
            }
            out.append('\n');
        }
        long[] deadlocked = THREADS.findDeadlockedThreads();
        if (deadlocked != null) {
            String names = Arrays.stream(THREADS.getThreadInfo(deadlocked))
                    .filter(i -> i != null)
                    .filter(i -> ids.contains(i.getThreadId()) || ids.contains(i.getLockOwnerId()))
                    .map(i -> i.getThreadName() + " waits for " + i.getLockName() + " held by " + i.getLockOwnerName())
                    .collect(Collectors.joining("; "));
            if (!names.isEmpty()) {
                out.append("  DEADLOCK: ").append(names).append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isBlocked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
    }

    private static Thread findThread(long id) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.threadId() == id).findFirst().orElse(null);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
