package parakit.grader.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether a thread is waiting for a result <em>with a time limit</em> where a contract says "waits": a
 * {@code Future.get(timeout, unit)}, an {@code invokeAll(tasks, timeout, unit)}, a timed
 * {@code CompletableFuture.get}, a {@code CompletionService.poll(timeout, unit)}, a timed
 * {@code CountDownLatch.await} or {@code Semaphore.tryAcquire}. Such a limit passes every test whose tasks are
 * quicker than it and fails, or silently drops results, on real work that is slower.
 *
 * <p>The thread's stack is compared with frames that only the timed overloads have. {@code Future.get()} and its
 * timed overload are one method name in one class, so the line of the timed {@code FutureTask.get} is found at
 * run time, once, by watching a helper thread block in it: the check does not depend on the JDK's version.
 * {@code ExecutorService.close()} and {@code awaitTermination} are <em>not</em> reported: shutting a pool down
 * and waiting for it is not a limit on a result.
 *
 * <p>Use it on a thread that is parked ({@link Await#untilBlocked}) while the test holds the tasks back.
 */
public final class TimedWaits {

    /** Frames only a timed wait has, by class and method, whatever the line. */
    private static final Set<String> TIMED_METHODS = Set.of(
            "java.util.concurrent.CompletableFuture#timedGet",
            "java.util.concurrent.LinkedBlockingQueue#poll",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer#tryAcquireSharedNanos",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer#tryAcquireNanos");

    /** "java.util.concurrent.FutureTask#get:<line>" of the timed overload, found on first use. */
    private static volatile String timedFutureGet;

    private TimedWaits() {
    }

    /**
     * The first frame of {@code thread}'s current stack that belongs to a timed wait for a result, if any.
     *
     * @return the frame (for the failure message), or empty if the thread waits without a time limit (or runs)
     */
    public static Optional<StackTraceElement> in(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).filter(TimedWaits::isTimed).findFirst();
    }

    private static boolean isTimed(StackTraceElement frame) {
        String method = frame.getClassName() + "#" + frame.getMethodName();
        return TIMED_METHODS.contains(method) || (method + ":" + frame.getLineNumber()).equals(timedFutureGet());
    }

    private static String timedFutureGet() {
        String found = timedFutureGet;
        if (found == null) {
            synchronized (TimedWaits.class) {
                found = timedFutureGet;
                if (found == null) {
                    found = calibrateTimedFutureGet();
                    timedFutureGet = found;
                }
            }
        }
        return found;
    }

    /** Blocks in the timed {@code FutureTask.get} of a task that never runs, until interrupted. */
    private record TimedGetProbe(FutureTask<Void> never) implements Runnable {
        @Override
        public void run() {
            try {
                never.get(1, TimeUnit.HOURS);
            } catch (Exception e) {
                // interrupted by the calibration, as intended
            }
        }
    }

    private static String calibrateTimedFutureGet() {
        FutureTask<Void> never = new FutureTask<>(() -> null);
        Thread probe = Thread.ofPlatform().name("timed-get-probe").daemon(true).start(new TimedGetProbe(never));
        try {
            Await.untilBlocked(Duration.ofSeconds(10), probe);
            return Arrays.stream(probe.getStackTrace())
                    .filter(f -> f.getClassName().equals("java.util.concurrent.FutureTask")
                            && f.getMethodName().equals("get"))
                    .map(f -> f.getClassName() + "#" + f.getMethodName() + ":" + f.getLineNumber())
                    .findFirst().orElse("java.util.concurrent.FutureTask#get:unknown");
        } finally {
            probe.interrupt();
            Await.joined(Duration.ofSeconds(10), probe);
        }
    }
}
