package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TestLoop;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;

/**
 * Hidden tests for Q4. The blocking tasks wait on latches the test opens, so the test decides when (and in which
 * order) they finish, and can look at the loop while they block.
 */
@Question(section = "asyncio", number = 4, title = "Blocking calls in an executor, from asynchronous code")
@Requires(type = CompletableFuture.class, method = "supplyAsync", in = "InExecutor.runAll",
        why = "each blocking task must run in the pool as a CompletableFuture (run_in_executor is supplyAsync with "
                + "an executor)")
@Forbids(type = CompletableFuture.class, method = "join", in = "InExecutor",
        why = "runAll must not wait for the tasks with join: it blocks the thread that calls it, which may be the "
                + "loop's")
@Forbids(type = Future.class, method = "get", in = "InExecutor",
        why = "runAll must not wait for the tasks with get: it blocks the thread that calls it, which may be the "
                + "loop's")
@Forbids(type = ExecutorService.class, method = "close", in = "InExecutor",
        why = "close() waits until the pool's tasks are done: called from asynchronous code it blocks the loop")
@Forbids(type = ExecutorService.class, method = "awaitTermination", in = "InExecutor",
        why = "awaitTermination blocks the thread that calls it: asynchronous code must not wait for the pool")
@Forbids(type = Thread.class, method = "sleep", in = "InExecutor",
        why = "asynchronous code must not sleep: that blocks the loop's only thread")
class InExecutorHiddenTest {

    /** Blocking tasks that each wait for a latch of their own; they record the threads that ran them. */
    static final class Blocking {
        final CountDownLatch[] release;
        final CountDownLatch started;
        final Set<Thread> runners = ConcurrentHashMap.newKeySet();
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final List<Supplier<String>> tasks = new ArrayList<>();
        final Thread[] ranBy;
        final AtomicBoolean[] returned;

        Blocking(int n) {
            release = new CountDownLatch[n];
            started = new CountDownLatch(n);
            ranBy = new Thread[n];
            returned = new AtomicBoolean[n];
            for (int i = 0; i < n; i++) {
                release[i] = new CountDownLatch(1);
                returned[i] = new AtomicBoolean();
                int id = i;
                tasks.add(() -> {
                    ranBy[id] = Thread.currentThread();
                    runners.add(Thread.currentThread());
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    started.countDown();
                    try {
                        release[id].await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    now.decrementAndGet();
                    returned[id].set(true);
                    return "r" + id;
                });
            }
        }

        /**
         * Lets task {@code id} finish and waits until its thread has handed the result on (it is idle or has ended:
         * whatever the code does with the result on that thread is done) and the loop has run what was queued on it
         * meanwhile, so that the next task to finish cannot overtake this one, however loaded the machine is.
         */
        void finish(int id, TestLoop loop) {
            release[id].countDown();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                Thread t = ranBy[id];
                Thread.State s = t == null ? Thread.State.RUNNABLE : t.getState();
                if (returned[id].get() && (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
                        || s == Thread.State.TERMINATED)) {
                    break;
                }
                sleep(1);
            }
            try {
                CompletableFuture.runAsync(() -> { }, loop.executor()).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the loop did not run a task of the test's within 1 s (its thread was "
                        + loop.thread().getState() + ")", e);
            }
        }

        void releaseAll() {
            for (CountDownLatch l : release) {
                l.countDown();
            }
        }
    }

    /** Calls runAll on a thread of its own, so that a call that blocks fails here instead of hanging the test. */
    private static <R> CompletableFuture<List<R>> runAllWithin(Duration within, TestLoop loop, int threads,
            List<Supplier<R>> tasks) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").daemon(true).start(() -> {
            try {
                outcome.set(InExecutor.runAll(loop.executor(), threads, tasks));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            throw new AssertionError("runAll did not return within " + within.toMillis() + " ms while its tasks block "
                    + "(it waits for them instead of returning a future at once): " + e.getMessage(), e);
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("runAll threw " + t, t);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<List<R>> future = (CompletableFuture<List<R>>) outcome.get();
        assertThat(future).as("the future runAll returned").isNotNull();
        return future;
    }

    private static <T> T completes(CompletableFuture<T> future, Duration within, String what) {
        try {
            return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future of " + what + " did not complete within " + within.toMillis() + " ms");
        } catch (Exception e) {
            throw new AssertionError("the future of " + what + " failed: " + e, e);
        }
    }

    private static boolean await(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The threads that ran the tasks must all end soon after the future completed: the pool was shut down. */
    private static void poolEnded(Set<Thread> runners) {
        try {
            Await.joined(Duration.ofSeconds(2), runners.toArray(Thread[]::new));
        } catch (AssertionError e) {
            throw new AssertionError("the pool's threads were still alive 2 s after runAll's future completed (the "
                    + "pool was not shut down): " + e.getMessage(), e);
        }
    }

    private static final String SHUTDOWN_HINT = "The pool must be shut down once its tasks are handed over, without "
            + "waiting for it: its threads are not daemons, and an idle pool keeps them alive. See the lesson's "
            + "InExecutor section on shutting the pool down from asynchronous code.";

    @Test
    @Points(3)
    @Hint(value = "The blocking tasks must run on the pool's threads: never on the loop's thread (it would block the "
            + "loop) and never on the caller's. See the lesson's InExecutor section.", when = "threads that ran")
    @Hint(value = "While the blocking tasks block, the loop must stay free: a task handed to the loop runs at once. "
            + "Nothing that runs on the loop may wait for the pool. See the lesson's introduction on never blocking "
            + "the loop.", when = "loop")
    @Hint(value = "runAll returns a future at once, while its tasks still block. See the lesson's introduction on "
            + "what an asynchronous method returns.", when = "did not return")
    @Hint(value = "The blocking tasks must all be running at once on the pool's threads (3 tasks, 3 threads): a task "
            + "run on the loop instead blocks it, and the next one waits. See the lesson's InExecutor section.",
            when = "tasks started")
    void blockingTasksRunOnThePoolWhileTheLoopStaysFree() {
        try (TestLoop loop = new TestLoop()) {
            Blocking blocking = new Blocking(3);
            CompletableFuture<List<String>> all;
            try {
                all = runAllWithin(Duration.ofSeconds(1), loop, 3, blocking.tasks);
                assertThat(await(blocking.started, 2_000)).as("whether all 3 tasks started on a pool of 3 threads (tasks started)")
                        .isTrue();
                CompletableFuture<Thread> probe = CompletableFuture.supplyAsync(Thread::currentThread, loop.executor());
                try {
                    probe.get(1, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("a task the test handed to the loop while the blocking tasks blocked did "
                            + "not run within 1 s (the loop's thread was busy: " + loop.thread().getState() + ")");
                }
                assertThat(all.isDone()).as("whether runAll's future was done while its tasks still blocked").isFalse();
            } finally {
                blocking.releaseAll();
            }
            assertThat(completes(all, Duration.ofSeconds(2), "runAll")).as("results of the three tasks")
                    .containsExactlyInAnyOrder("r0", "r1", "r2");
            assertThat(blocking.runners).as("threads that ran the blocking tasks (the loop's is '%s')",
                    loop.thread().getName()).isNotEmpty().doesNotContain(loop.thread())
                    .noneMatch(t -> t.getName().equals("caller"));
        }
    }

    @Test
    @Points(2)
    @Hint("The pool has exactly `threads` threads: that many tasks block at the same time, never more (a pool that "
            + "grows, or the common pool, runs a different number). See the lesson's InExecutor section.")
    @Hint(value = "A pool needs at least one thread: fewer is an IllegalArgumentException, before any task runs. See "
            + "the Javadoc of runAll.", when = "fewer than one")
    void exactlyTheGivenNumberOfTasksBlockAtOnce() {
        try (TestLoop loop = new TestLoop()) {
            AtomicInteger calls = new AtomicInteger();
            Object zero;
            try {
                zero = InExecutor.runAll(loop.executor(), 0, List.<Supplier<Integer>>of(calls::incrementAndGet));
            } catch (IllegalArgumentException expected) {
                zero = expected;
            }
            assertThat(zero).as("what runAll with fewer than one thread returned or threw")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(calls.get()).as("tasks called by runAll with fewer than one thread").isZero();
            int threads = 3;
            Blocking blocking = new Blocking(7);
            CompletableFuture<List<String>> all;
            try {
                all = runAllWithin(Duration.ofSeconds(1), loop, threads, blocking.tasks);
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (blocking.now.get() < threads && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                sleep(50); // a pool without the limit gets the chance to start more
                assertThat(blocking.most.get()).as("tasks blocking at the same time on a pool of %d threads with 7 "
                        + "tasks", threads).isEqualTo(threads);
            } finally {
                blocking.releaseAll();
            }
            assertThat(completes(all, Duration.ofSeconds(2), "runAll")).as("results of 7 tasks").hasSize(7);
            assertThat(blocking.most.get()).as("most tasks at the same time on %d threads, over the whole run",
                    threads).isEqualTo(threads);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The results come back in the order the tasks finish, each appended by the loop as it arrives, not "
            + "in the order the tasks were given. See the lesson's InExecutor section.", when = "results")
    @Hint(value = "The future of the results must be completed on the loop's thread: hand the results back to the "
            + "loop (an *Async stage with the loop), not on a pool thread. See the lesson's introduction on stages "
            + "and threads.", when = "completed")
    void resultsComeBackToTheLoopInTheOrderTheTasksFinish() {
        try (TestLoop loop = new TestLoop()) {
            Blocking blocking = new Blocking(3);
            CompletableFuture<List<String>> all;
            CompletableFuture<Void> seen;
            AtomicReference<Thread> completer = new AtomicReference<>();
            try {
                all = runAllWithin(Duration.ofSeconds(1), loop, 3, blocking.tasks);
                // A plain stage attached before completion runs on the thread that completes the future.
                seen = all.thenRun(() -> completer.set(Thread.currentThread()));
                assertThat(await(blocking.started, 2_000)).as("whether all 3 tasks started").isTrue();
                for (int id : new int[] {2, 0, 1}) {
                    blocking.finish(id, loop);
                }
            } finally {
                blocking.releaseAll();
            }
            // Wait on the dependent stage only, and on all after it: a thread that returns from all's get() runs
            // all's pending dependents itself, so waiting on all first could make this thread the one recorded.
            completes(seen, Duration.ofSeconds(2), "runAll");
            assertThat(completes(all, Duration.ofSeconds(2), "runAll"))
                    .as("results when the tasks finish in the order 2, 0, 1").containsExactly("r2", "r0", "r1");
            assertThat(completer.get()).as("thread that completed runAll's future (the loop's is '%s')",
                    loop.thread().getName()).isSameAs(loop.thread());
            poolEnded(blocking.runners);
        }
    }

    @Test
    @Points(2)
    @Hint(value = SHUTDOWN_HINT, when = "pool was not shut down")
    @Hint("runAll with no tasks gives an empty list. See the Javadoc of runAll.")
    void thePoolEndsOnceTheTasksAreDone() throws InterruptedException {
        try (TestLoop loop = new TestLoop()) {
            ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
            Set<Thread> runners = ConcurrentHashMap.newKeySet();
            List<Supplier<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                tasks.add(() -> {
                    runners.add(Thread.currentThread());
                    sleep(10);
                    return n * n;
                });
            }
            assertThat(completes(runAllWithin(Duration.ofSeconds(1), loop, 2, tasks), Duration.ofSeconds(2), "runAll"))
                    .as("results of six tasks").containsExactlyInAnyOrder(0, 1, 4, 9, 16, 25);
            poolEnded(runners);
            assertThat(ThreadLeaks.leftRunning(before, Duration.ofSeconds(1)))
                    .as("threads still alive 1 s after runAll's future completed (the pool was not shut down)")
                    .isEmpty();
            assertThat(completes(runAllWithin(Duration.ofSeconds(1), loop, 2, List.<Supplier<Integer>>of()),
                    Duration.ofSeconds(2), "runAll with no tasks")).as("results of no tasks").isEmpty();
        }
    }

    @Test
    @Points(2)
    @Hint(value = SHUTDOWN_HINT, when = "pool was not shut down")
    @Hint("A task's exception must reach the returned future: it completes exceptionally, with the task's exception "
            + "as its cause (not a missing result, not a null). See the lesson's InExecutor section.")
    void aFailingTaskFailsTheFutureAndThePoolStillEnds() {
        try (TestLoop loop = new TestLoop()) {
            Set<Thread> runners = ConcurrentHashMap.newKeySet();
            IllegalStateException boom = new IllegalStateException("task 1 failed");
            List<Supplier<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                tasks.add(() -> {
                    runners.add(Thread.currentThread());
                    if (n == 1) {
                        throw boom;
                    }
                    return n;
                });
            }
            CompletableFuture<List<Integer>> all = runAllWithin(Duration.ofSeconds(1), loop, 2, tasks);
            Throwable failure = null;
            try {
                all.get(2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                        : e.getCause();
            } catch (Exception e) {
                throw new AssertionError("runAll's future did not complete within 2 s when a task threw: " + e, e);
            }
            assertThat(failure).as("the cause of runAll's failure when task 1 threw").isSameAs(boom);
            poolEnded(runners);
        }
    }

    @Test
    @Hint("runAll may be called by a task on the loop (asynchronous code): it must return without waiting for the "
            + "blocking tasks, so that the loop is free again at once, and the results still come back to the loop. "
            + "Nothing in runAll may wait for the pool. See the lesson's InExecutor section.")
    void runAllWorksWhenCalledOnTheLoop() {
        try (TestLoop loop = new TestLoop()) {
            Blocking blocking = new Blocking(2);
            CompletableFuture<CompletableFuture<List<String>>> started;
            try {
                started = CompletableFuture.supplyAsync(() -> InExecutor.runAll(loop.executor(), 2, blocking.tasks),
                        loop.executor());
                try {
                    started.get(1, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("runAll called by a task on the loop did not return within 1 s while its "
                            + "tasks blocked (the loop's thread was " + loop.thread().getState() + ")");
                }
            } finally {
                blocking.releaseAll();
            }
            CompletableFuture<List<String>> all = completes(started, Duration.ofSeconds(1), "the loop's call of runAll");
            assertThat(completes(all, Duration.ofSeconds(2), "runAll called on the loop"))
                    .as("results of runAll called on the loop").containsExactlyInAnyOrder("r0", "r1");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
