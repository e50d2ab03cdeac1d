package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q5, on the practical's example: 10 tasks on 2 workers, cancelled last first. The two
 * tasks that start wait on a latch the test holds until every cancel has been made, so which tasks are running
 * and which are still queued is known exactly when {@code cancel} is called.
 */
@Question(section = "futures", number = 5, title = "Cancelling the tasks that have not started")
@Requires(type = ExecutorService.class, method = "*", in = "CancelPending",
        why = "CancelPending must run the tasks on a pool of worker threads, an ExecutorService such as "
                + "Executors.newFixedThreadPool(workers)")
class CancelPendingHiddenTest {

    private static final long PATIENCE_MILLIS = 3_000;
    private static final int TASKS = 10;
    private static final int WORKERS = 2;

    /** The practical's set-up: 10 tasks on 2 workers, tasks 0 and 1 running (held on a latch), 2..9 queued. */
    private static final class TenTasks {
        final CancelPending pool = new CancelPending(WORKERS);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch twoStarted = new CountDownLatch(WORKERS);
        final Set<Integer> ran = ConcurrentHashMap.newKeySet();
        final Set<Integer> interrupted = ConcurrentHashMap.newKeySet();
        final Set<Integer> finished = ConcurrentHashMap.newKeySet();
        /** Counted down by each of the first tasks to end, by the release or by an interrupt. */
        final CountDownLatch ended = new CountDownLatch(WORKERS);
        final Set<Thread> workers = ConcurrentHashMap.newKeySet();
        final List<Future<?>> futures = new ArrayList<>();

        TenTasks() throws InterruptedException {
            for (int i = 0; i < TASKS; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    ran.add(k);
                    workers.add(Thread.currentThread());
                    twoStarted.countDown();
                    try {
                        release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        interrupted.add(k);
                        ended.countDown();
                        return;
                    }
                    finished.add(k);
                    ended.countDown();
                }));
            }
            assertThat(twoStarted.await(2, TimeUnit.SECONDS)).as("2 tasks started on 2 workers").isTrue();
            Await.untilBlocked(Duration.ofSeconds(2), workers.toArray(Thread[]::new));
            assertThat(ran).as("tasks started on 2 workers before any cancel (the first two submitted)")
                    .containsExactlyInAnyOrder(0, 1);
        }

        /** Cancels every task, the last submitted first (as the practical does); element i is cancel's answer for task i. */
        List<Boolean> cancelLastFirst() {
            Boolean[] answers = new Boolean[TASKS];
            for (int i = TASKS - 1; i >= 0; i--) {
                answers[i] = pool.cancel(futures.get(i));
            }
            return List.of(answers);
        }

        /** Lets the running tasks end, shuts the pool down and waits for its threads. */
        void finish() {
            release.countDown();
            pool.shutdown();
            Await.joined(Duration.ofSeconds(2), workers.toArray(Thread[]::new));
        }
    }

    @Test
    @Points(3)
    @Hint(value = "A task still waiting for a worker must be cancelled: cancel returns true, its future is "
            + "CANCELLED, and it never runs. See the lesson's CancelPending section.", when = "queued")
    void ofTenTasksOnTwoWorkersTheEightQueuedAreCancelledAndNeverRun() throws Exception {
        TenTasks ten = new TenTasks();
        List<Boolean> answers;
        try {
            answers = ten.cancelLastFirst();
        } finally {
            ten.finish();
        }
        assertThat(answers.subList(2, TASKS)).as("cancel's answers for the queued tasks 2..9")
                .containsOnly(true);
        for (int i = 2; i < TASKS; i++) {
            assertThat(ten.futures.get(i).state()).as("state of queued task %d's future after cancel", i)
                    .isEqualTo(Future.State.CANCELLED);
        }
        assertThat(ten.ran).as("tasks that ran, the queued tasks having been cancelled").containsExactlyInAnyOrder(0, 1);
    }

    @Test
    @Points(3)
    @Hint(value = "A task that has started cannot be cancelled, as in Python: cancel returns false, and the task runs "
            + "to its end with its future SUCCESS. Java's own Future.cancel answers true for a running task (and "
            + "marks it cancelled): see the lesson's CancelPending section on what started means.", when = "started")
    @Hint(value = "A running task must not be interrupted by cancel: it is left to finish. See the lesson's "
            + "CancelPending section.", when = "interrupted")
    void theTwoRunningTasksAreNotCancelledNorInterruptedAndFinish() throws Exception {
        TenTasks ten = new TenTasks();
        List<Boolean> answers;
        try {
            answers = ten.cancelLastFirst();
        } finally {
            ten.finish();
        }
        assertThat(answers.subList(0, 2)).as("cancel's answers for tasks 0 and 1, which had started")
                .containsOnly(false);
        assertThat(ten.interrupted).as("started tasks interrupted by cancel").isEmpty();
        assertThat(ten.finished).as("started tasks that ran to their end").containsExactlyInAnyOrder(0, 1);
        for (int i = 0; i < 2; i++) {
            assertThat(ten.futures.get(i).state()).as("state of task %d's future (it had started) once it ended", i)
                    .isEqualTo(Future.State.SUCCESS);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "shutdown must return at once, without waiting for the tasks still running: they are left to "
            + "finish. See the Javadoc of shutdown.", when = "did not return")
    @Hint(value = "shutdown must leave the running tasks alone (no interrupt): they finish on their own. See the "
            + "lesson's CancelPending section on shutting down.", when = "interrupted")
    @Hint(value = "The pool must be shut down by shutdown(): its threads are not daemons, and they must end once the "
            + "last task has ended. See the lesson's CancelPending section.", when = "left running")
    @Hint(value = "After shutdown the pool takes no new task: submit throws RejectedExecutionException, as an "
            + "ExecutorService's does. See the Javadoc of submit.", when = "after shutdown")
    void shutdownReturnsAtOnceLetsTheRunningTasksFinishAndThePoolEnds() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        TenTasks ten = new TenTasks();
        try {
            ten.cancelLastFirst();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().name("shutdown-caller").start(() -> {
                try {
                    ten.pool.shutdown();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            try {
                Await.joined(Duration.ofSeconds(1), caller);
            } catch (AssertionError e) {
                throw new AssertionError("shutdown() did not return within 1 s while 2 tasks still ran (it waits for "
                        + "them): " + e.getMessage(), e);
            }
            if (failure.get() instanceof RuntimeException r) {
                throw r;
            }
            assertThat(thrown(() -> ten.pool.submit(() -> { }))).as("submit after shutdown")
                    .isInstanceOf(RejectedExecutionException.class);
        } finally {
            ten.release.countDown();
        }
        // Each running task ends by the release or by an interrupt, and records which: wait until both have
        // recorded, so that an interrupt delivered by shutdown is seen every run, however late its thread runs.
        ten.ended.await(2, TimeUnit.SECONDS);
        assertThat(ten.interrupted).as("running tasks interrupted by shutdown").isEmpty();
        assertThat(ThreadLeaks.leftRunning(before, Duration.ofSeconds(1)))
                .as("threads left running after shutdown() and the end of the last task").isEmpty();
        assertThat(ten.finished).as("running tasks that finished after shutdown").containsExactlyInAnyOrder(0, 1);
    }

    @Test
    @Points(2)
    @Hint(value = "A task that has ended cannot be cancelled: cancel returns false and its future keeps its state. "
            + "See the Javadoc of cancel.", when = "ended")
    @Hint(value = "Cancelling a task that is already cancelled answers true again, as in Python. See the Javadoc of "
            + "cancel.", when = "again")
    void anEndedTaskIsNotCancelledAndACancelledOneSaysTrueAgain() throws Exception {
        CancelPending pool = new CancelPending(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        try {
            CountDownLatch blockerStarted = new CountDownLatch(1);
            Future<?> ok = pool.submit(() -> { });
            Future<?> failed = pool.submit(() -> {
                throw new IllegalStateException("task failed");
            });
            Future<?> blocker = pool.submit(() -> {
                workers.add(Thread.currentThread());
                blockerStarted.countDown();
                awaitQuietly(release);
            });
            Future<?> queued = pool.submit(() -> { });
            // One worker runs the tasks in order: once the third has started, the first two have ended.
            assertThat(blockerStarted.await(2, TimeUnit.SECONDS)).as("the third task started on 1 worker").isTrue();
            Await.untilBlocked(Duration.ofSeconds(2), workers.toArray(Thread[]::new));
            assertThat(pool.cancel(ok)).as("cancel of a task that ended with a result").isFalse();
            assertThat(ok.state()).as("state of the ended task's future after cancel").isEqualTo(Future.State.SUCCESS);
            assertThat(pool.cancel(failed)).as("cancel of a task that ended by throwing").isFalse();
            assertThat(failed.state()).as("state of the ended failed task's future after cancel")
                    .isEqualTo(Future.State.FAILED);
            assertThat(pool.cancel(queued)).as("cancel of a queued task").isTrue();
            assertThat(pool.cancel(queued)).as("cancel of the same task again").isTrue();
            assertThat(pool.cancel(blocker)).as("cancel of the task that runs (it has started)").isFalse();
        } finally {
            release.countDown();
            pool.shutdown();
        }
        Await.joined(Duration.ofSeconds(2), workers.toArray(Thread[]::new));
    }

    @Test
    @Hint("Fewer than one worker is an IllegalArgumentException, as for Executors.newFixedThreadPool. See the "
            + "Javadoc of the constructor.")
    void rejectsFewerThanOneWorker() {
        for (int workers : new int[] {0, -3}) {
            assertThat(thrown(() -> new CancelPending(workers))).as("new CancelPending(%d)", workers)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What {@code call} threw (null if nothing); the skeleton's TODO stub is rethrown, so it reads as not done yet. */
    private static Throwable thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        if (t instanceof UnsupportedOperationException u && String.valueOf(u.getMessage()).startsWith("TODO")) {
            throw u;
        }
        return t;
    }
}
