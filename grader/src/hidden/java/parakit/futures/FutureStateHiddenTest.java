package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q2. A running task is one that waits on a latch the test holds, so "describe while it
 * runs" and "the caller waits in get" are ordered by the threads' states, not by sleeps.
 */
@Question(section = "futures", number = 2, title = "Submitting a task and watching its future's state")
@Requires(type = Future.class, method = "*", in = "FutureState.describe",
        why = "FutureState.describe must ask the Future itself about its state (state(), isDone(), ...)")
@Requires(type = ExecutorService.class, method = "submit", in = "FutureState.submitAndWait",
        why = "FutureState.submitAndWait must submit the task to the pool, which hands back its Future")
class FutureStateHiddenTest {

    private static final long PATIENCE_MILLIS = 3_000;

    // ---- describe: finished futures ---------------------------------------------------------------------------

    @Test
    @Hint("A future whose task returned is described as \"finished returned \" followed by the result, a null "
            + "result too. See the Javadoc of describe and the lesson's FutureState section.")
    void describesAFutureThatReturned() {
        FutureTask<Double> half = new FutureTask<>(() -> 0.5);
        half.run();
        assertThat(describe(half)).as("describe of a FutureTask that returned 0.5").isEqualTo("finished returned 0.5");
        FutureTask<Object> nothing = new FutureTask<>(() -> null);
        nothing.run();
        assertThat(describe(nothing)).as("describe of a FutureTask that returned null")
                .isEqualTo("finished returned null");
        assertThat(describe(CompletableFuture.completedFuture(42))).as("describe of a CompletableFuture completed "
                + "with 42").isEqualTo("finished returned 42");
    }

    @Test
    @Points(2)
    @Hint(value = "A future whose task threw is described with the exception the task threw itself, not with the "
            + "ExecutionException or CompletionException that wraps it on the way out of get() or join(). See the "
            + "lesson's FutureState section on the Future's states.", when = "describe of")
    @Hint(value = "describe must not throw: asking a failed future for its result throws. Look at the future's state "
            + "first. See the lesson's FutureState section.", when = "describe threw")
    void describesAFutureThatThrewWithTheTasksOwnException() {
        FutureTask<Integer> task = new FutureTask<>(() -> {
            throw new IllegalArgumentException("bad input 5");
        });
        task.run();
        assertThat(describe(task)).as("describe of a FutureTask whose task threw IllegalArgumentException")
                .isEqualTo("finished raised java.lang.IllegalArgumentException: bad input 5");
        CompletableFuture<Integer> failed = CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertThat(describe(failed)).as("describe of a CompletableFuture completed with IllegalStateException")
                .isEqualTo("finished raised java.lang.IllegalStateException: boom");
        CompletableFuture<Integer> async = CompletableFuture.supplyAsync(() -> {
            throw new ArithmeticException("the value 5 is no good");
        });
        async.exceptionally(e -> 0).join();
        assertThat(describe(async)).as("describe of a CompletableFuture whose supplier threw ArithmeticException")
                .isEqualTo("finished raised java.lang.ArithmeticException: the value 5 is no good");
    }

    @Test
    @Hint(value = "A cancelled future is described as \"cancelled\": it is done too, but it has neither a result "
            + "nor an exception of its task. See the lesson's FutureState section on the Future's states.",
            when = "describe")
    void describesACancelledFuture() {
        FutureTask<Integer> task = new FutureTask<>(() -> 1);
        task.cancel(false);
        assertThat(describe(task)).as("describe of a cancelled FutureTask").isEqualTo("cancelled");
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        cf.cancel(true);
        assertThat(describe(cf)).as("describe of a cancelled CompletableFuture").isEqualTo("cancelled");
    }

    // ---- describe: a running future --------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "describe must return at once while the task runs: it reports the state, it does not wait for "
            + "the result. See the lesson's FutureState section.", when = "did not return")
    @Hint(value = "A future whose task has not completed (running, or still waiting in the queue) is described as "
            + "\"running\". See the Javadoc of describe.", when = "describe of")
    void describeOfARunningTaskReturnsAtOnceAndLeavesItRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<String> task = new FutureTask<>(() -> {
            started.countDown();
            release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            return "done";
        });
        Thread worker = Thread.ofPlatform().name("task-runner").start(task);
        try {
            assertThat(started.await(2, TimeUnit.SECONDS)).as("the task started").isTrue();
            assertThat(describeOnACaller(task)).as("describe of a FutureTask whose task runs").isEqualTo("running");
            assertThat(describeOnACaller(new FutureTask<>(() -> 1))).as("describe of a FutureTask not started yet")
                    .isEqualTo("running");
            assertThat(describeOnACaller(new CompletableFuture<>())).as("describe of a CompletableFuture not "
                    + "completed").isEqualTo("running");
            assertThat(task.isDone()).as("the running task is done after describe (describe must leave it alone)")
                    .isFalse();
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(2), worker);
        }
        assertThat(describe(task)).as("describe of the same FutureTask once it returned \"done\"")
                .isEqualTo("finished returned done");
    }

    // ---- submitAndWait ---------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "before is the description right after submit, while the task still runs; after is the one "
            + "once the result is there. See the lesson's FutureState section.", when = "trace")
    @Hint(value = "submitAndWait must wait for the result by being signalled, without a time limit (get(), not a "
            + "timed get or a sleep in a loop). See the Javadoc of submitAndWait.", when = "WAITING")
    void submitAndWaitDescribesTheFutureBeforeAndAfterItsResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().name("submit-caller").start(() -> {
                try {
                    outcome.set(FutureState.submitAndWait(pool, () -> {
                        release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                        return 0.5;
                    }));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            try {
                Await.untilWaiting(Duration.ofSeconds(2), caller);
            } catch (AssertionError e) {
                rethrowStub(outcome);
                throw e;
            } finally {
                release.countDown();
                Await.joined(Duration.ofSeconds(3), caller);
            }
            assertThat(outcome.get()).as("what submitAndWait returned").isInstanceOf(FutureState.Trace.class);
            FutureState.Trace<?> trace = (FutureState.Trace<?>) outcome.get();
            assertThat(trace.before()).as("trace.before, described right after submit while the task ran")
                    .isEqualTo("running");
            assertThat(trace.result()).as("trace.result of a task that returned 0.5").isEqualTo(0.5);
            assertThat(trace.after()).as("trace.after, described once the result was there")
                    .isEqualTo("finished returned 0.5");
        }
    }

    @Test
    @Points(2)
    @Hint(value = "A task that throws makes submitAndWait throw ExecutionException whose cause is the task's own "
            + "exception. See the Javadoc of submitAndWait.", when = "what submitAndWait")
    @Hint(value = "The pool belongs to the caller: submitAndWait must leave it running. See the lesson's "
            + "FutureState section.", when = "pool")
    void submitAndWaitRethrowsTheTasksExceptionAndLeavesThePoolRunning() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            IllegalStateException boom = new IllegalStateException("the value 5 is no good");
            assertThat(thrown(() -> FutureState.submitAndWait(pool, () -> {
                throw boom;
            }))).as("what submitAndWait throws when its task throws").isInstanceOf(ExecutionException.class)
                    .cause().isSameAs(boom);
            assertThat(pool.isShutdown()).as("the caller's pool is shut down after submitAndWait").isFalse();
            for (Caller caller : Callers.all()) {
                FutureState.Trace<String> trace = caller.call(Duration.ofSeconds(3),
                        () -> FutureState.submitAndWait(pool, () -> "from " + caller.threadName()));
                assertThat(trace.result()).as("trace.result when called from a %s", caller.describe())
                        .isEqualTo("from " + caller.threadName());
                assertThat(trace.after()).as("trace.after when called from a %s", caller.describe())
                        .isEqualTo("finished returned from " + caller.threadName());
                assertThat(pool.isShutdown()).as("the caller's pool is shut down after submitAndWait from a %s",
                        caller.describe()).isFalse();
            }
        }
    }

    @Test
    @Points(2)
    @Hint("A caller interrupted while submitAndWait waits must get InterruptedException (the contract), and the task "
            + "is left to run: not cancelled, not interrupted. See the Javadoc of submitAndWait.")
    void anInterruptedCallerGetsInterruptedExceptionAndTheTaskGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Thread caller = Thread.ofPlatform().name("submit-caller").start(() -> {
                try {
                    outcome.set(FutureState.submitAndWait(pool, () -> {
                        boolean released = release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                        if (released) {
                            finished.countDown();
                        }
                        return 1;
                    }));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            try {
                try {
                    Await.untilBlocked(Duration.ofSeconds(2), caller);
                } catch (AssertionError e) {
                    rethrowStub(outcome);
                    throw e;
                }
                caller.interrupt();
                try {
                    Await.joined(Duration.ofSeconds(1), caller);
                } catch (AssertionError e) {
                    throw new AssertionError("submitAndWait went on waiting after its caller was interrupted: "
                            + e.getMessage(), e);
                }
            } finally {
                release.countDown();
            }
            assertThat(outcome.get()).as("what submitAndWait threw when its caller was interrupted while it waited")
                    .isInstanceOf(InterruptedException.class);
            assertThat(finished.await(2, TimeUnit.SECONDS)).as("the task ran on to its end after the caller was "
                    + "interrupted").isTrue();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** If the caller's code is still the skeleton's stub, fail with that, not with the wait it never reached. */
    private static void rethrowStub(AtomicReference<Object> outcome) {
        if (outcome.get() instanceof UnsupportedOperationException u && String.valueOf(u.getMessage()).startsWith("TODO")) {
            throw u;
        }
    }

    /** describe on the test thread; an exception it throws becomes a failure that says so. */
    private static String describe(Future<?> future) {
        try {
            return FutureState.describe(future);
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AssertionError("describe threw " + e, e);
        }
    }

    /** describe on a thread of its own, which must return within 1 s. */
    private static String describeOnACaller(Future<?> future) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("describe-caller").start(() -> {
            try {
                result.set(FutureState.describe(future));
            } catch (Throwable t) {
                result.set(t);
            }
        });
        try {
            Await.joined(Duration.ofSeconds(1), caller);
        } catch (AssertionError e) {
            throw new AssertionError("describe of a future whose task has not completed did not return within 1 s "
                    + "(it waits for the task): " + e.getMessage(), e);
        }
        if (result.get() instanceof RuntimeException r) {
            throw r;
        }
        return (String) result.get();
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
