package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.TimedWaits;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q6. Futures come from a real pool, from a plain {@link FutureTask} and from
 * {@link CompletableFuture}, so that no kind of future is assumed; waits are seen {@code WAITING} while the test
 * holds the task back.
 */
@Question(section = "futures", number = 6, title = "Exceptions in tasks: result() and exception()")
@Forbids(type = Thread.class, method = "sleep", in = "TaskErrors",
        why = "wait for the future itself (get), not in a loop of sleeps: a sleeping caller does not wake up when the "
                + "task ends")
@Forbids(type = Future.class, method = "isDone", in = "TaskErrors",
        why = "wait for the future itself (get) instead of asking it again and again whether it is done")
class TaskErrorsHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(3);

    /** A custom error, so that no JVM error is confused with the task's. */
    static final class TaskError extends Error {
        TaskError(String message) {
            super(message);
        }
    }

    /** What a call of the student's method returned or threw. */
    private static Object outcome(java.util.concurrent.Callable<?> call) {
        try {
            Object r = call.call();
            return r == null ? "null returned" : r;
        } catch (UnsupportedOperationException stub) {
            throw stub; // no task here throws it: the skeleton's stub, reported as "not implemented yet"
        } catch (Throwable t) {
            return t;
        }
    }

    /** What a call of the student's method threw, or null if it returned. */
    private static Throwable thrownBy(java.util.concurrent.Callable<?> call) {
        Object o;
        try {
            o = call.call();
        } catch (UnsupportedOperationException stub) {
            throw stub;
        } catch (Throwable t) {
            return t;
        }
        return null;
    }

    /** Futures of every kind that failed with {@code failure}. */
    private static List<Future<Object>> failedWith(ExecutorService pool, Throwable failure) throws Exception {
        FutureTask<Object> task = new FutureTask<>(() -> {
            throw sneaky(failure);
        });
        task.run();
        Future<Object> submitted = pool.submit(() -> {
            throw sneaky(failure);
        });
        CompletableFuture<Object> completable = new CompletableFuture<>();
        completable.completeExceptionally(failure);
        CompletableFuture<Object> supplied = CompletableFuture.supplyAsync(() -> {
            throw sneaky(failure);
        }, pool);
        for (Future<Object> f : List.of(submitted, supplied)) {
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // ended as it should
            }
        }
        return List.of(submitted, task, completable, supplied);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
        throw (X) t;
    }

    private static String kind(Future<?> f) {
        return f instanceof CompletableFuture<?> ? "CompletableFuture" : f instanceof FutureTask<?> ? "FutureTask"
                : f.getClass().getSimpleName();
    }

    // ---- results ----------------------------------------------------------------------------------------------

    @Test
    @Hint("result() returns what the task returned (also null), and exception() returns null for a task that "
            + "returned: see the lesson's Q6 task.")
    void aTaskThatReturnedGivesItsResultAndNoException() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Object value = new Object();
            List<Future<Object>> futures = List.of(pool.submit(() -> value), CompletableFuture.completedFuture(value));
            for (Future<Object> f : futures) {
                assertThat(outcome(() -> TaskErrors.result(f))).as("result() of a %s whose task returned a value",
                        kind(f)).isSameAs(value);
                assertThat(outcome(() -> TaskErrors.exception(f))).as("exception() of a %s whose task returned",
                        kind(f)).isEqualTo("null returned");
            }
            Future<Object> none = pool.submit(() -> null);
            assertThat(outcome(() -> TaskErrors.result(none))).as("result() of a task that returned null")
                    .isEqualTo("null returned");
        }
    }

    @Test
    @Points(3)
    @Hint(when = "ExecutionException", value = "get() wraps the task's exception in an ExecutionException: result() "
            + "must throw the task's own exception, its cause, as Python's result() raises it again. See the lesson's "
            + "Q6 on ExecutionException.")
    @Hint("result() must throw the task's exception itself: the same object, whatever its kind (checked, unchecked, "
            + "an Error), and whatever kind of Future it came from. See the lesson's Q6.")
    void resultThrowsTheTasksOwnException() throws Exception {
        List<Throwable> failures = List.of(new IOException("checked"), new IllegalStateException("unchecked"),
                new TaskError("an error"));
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Throwable failure : failures) {
                for (Future<Object> f : failedWith(pool, failure)) {
                    Object thrown = outcome(() -> TaskErrors.result(f));
                    assertThat(thrown).as("what result() threw for a %s whose task threw a %s (got %s)", kind(f),
                            failure.getClass().getSimpleName(), thrown).isSameAs(failure);
                }
            }
        }
    }

    @Test
    @Points(2)
    @Hint("exception() must return the task's own exception, the same object, not the ExecutionException get() "
            + "throws. See the lesson's Q6 on ExecutionException and exceptionNow().")
    void exceptionReturnsTheTasksOwnException() throws Exception {
        List<Throwable> failures = List.of(new IOException("checked"), new IllegalStateException("unchecked"),
                new TaskError("an error"), new Throwable("neither an Exception nor an Error"));
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Throwable failure : failures) {
                for (Future<Object> f : failedWith(pool, failure)) {
                    Object returned = outcome(() -> TaskErrors.exception(f));
                    assertThat(returned).as("what exception() returned for a %s whose task threw a %s (got %s)", kind(f),
                            failure.getClass().getSimpleName(), returned).isSameAs(failure);
                }
            }
        }
    }

    @Test
    @Points(2)
    @Hint(when = "cause", value = "Only the ExecutionException that get() adds is taken off: a task whose own exception "
            + "is an ExecutionException gets that one back, not its cause. See the lesson's Q6.")
    @Hint("A future that failed with a Throwable that is neither an Exception nor an Error cannot have it thrown by "
            + "result(): the contract says which exception comes instead. See the Javadoc of result().")
    void onlyTheWrapperIsTakenOff() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            ExecutionException own = new ExecutionException("the task's own", new IOException("inner"));
            for (Future<Object> f : failedWith(pool, own)) {
                assertThat(outcome(() -> TaskErrors.result(f))).as("what result() threw for a %s whose task threw an "
                        + "ExecutionException of its own (not its cause)", kind(f)).isSameAs(own);
                assertThat(outcome(() -> TaskErrors.exception(f))).as("what exception() returned for a %s whose task "
                        + "threw an ExecutionException of its own (not its cause)", kind(f)).isSameAs(own);
            }
            Throwable raw = new Throwable("neither");
            CompletableFuture<Object> f = new CompletableFuture<>();
            f.completeExceptionally(raw);
            Object thrown = outcome(() -> TaskErrors.result(f));
            assertThat(thrown).as("what result() threw for a future that failed with a plain Throwable")
                    .isInstanceOf(ExecutionException.class);
            assertThat(((Throwable) thrown).getCause()).as("the ExecutionException's cause").isSameAs(raw);
        }
    }

    @Test
    @Points(2)
    @Hint("A cancelled task has no result and no exception: both methods throw CancellationException, as get() does. "
            + "See the lesson's Q6 on cancelled futures.")
    void aCancelledTaskThrowsCancellationException() throws Exception {
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        FutureTask<Object> task = new FutureTask<>(() -> "never");
        task.cancel(false);
        for (Future<Object> f : List.<Future<Object>>of(cancelled, task)) {
            assertThat(thrownBy(() -> TaskErrors.result(f))).as("what result() threw for a cancelled %s (null: it "
                    + "returned)", kind(f)).isInstanceOf(CancellationException.class);
            assertThat(thrownBy(() -> TaskErrors.exception(f))).as("what exception() threw for a cancelled %s (null: "
                    + "it returned)", kind(f)).isInstanceOf(CancellationException.class);
        }
    }

    // ---- waiting ----------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "time limit", value = "Both methods wait for the task however long it takes: a wait with a time limit "
            + "fails slow but correct tasks. See the lesson's Q6 on waiting.")
    @Hint(when = "TIMED_WAITING", value = "The caller waited with a time limit, or woke up again and again (polling), "
            + "while the task ran: wait for the task however long it takes, until it signals its end. See the lesson's "
            + "Q6 on waiting.")
    @Hint("Both methods must wait until the task ends, for a signal (the caller is WAITING, not polling), and then "
            + "report how it ended. See the lesson's Q6 on waiting.")
    void bothWaitForTheTaskWithoutPollingOrATimeLimit() throws Exception {
        for (String method : List.of("result", "exception")) {
            CountDownLatch release = new CountDownLatch(1);
            IllegalStateException failure = new IllegalStateException("late");
            try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
                Future<Object> f = pool.submit(() -> {
                    release.await(10, TimeUnit.SECONDS);
                    throw failure;
                });
                AtomicReference<Object> out = new AtomicReference<>();
                Thread caller = Thread.ofPlatform().name("caller").start(() -> out.set(method.equals("result")
                        ? outcome(() -> TaskErrors.result(f)) : outcome(() -> TaskErrors.exception(f))));
                try {
                    Await.untilWaiting(WITHIN, caller);
                    Optional<StackTraceElement> timed = TimedWaits.in(caller);
                    assertThat(timed).as("%s() waits for the task with a time limit (at %s)", method,
                            timed.map(StackTraceElement::toString).orElse("")).isEmpty();
                    assertThat(out.get()).as("%s() returned while the task still ran", method).isNull();
                } finally {
                    release.countDown();
                    Await.joined(WITHIN, caller);
                }
                assertThat(out.get()).as("what %s() gave once the task threw", method).isSameAs(failure);
            }
        }
    }

    @Test
    @Points(2)
    @Hint(when = "cancelled", value = "An interrupt ends the caller's wait, not the task: the future must be left as "
            + "it is. See the lesson's Q6 on interrupts.")
    @Hint("A caller interrupted while it waits must get InterruptedException, as get() throws it. See the lesson's Q6 "
            + "on interrupts.")
    void anInterruptedCallerGetsInterruptedExceptionAndTheTaskGoesOn() throws Exception {
        for (String method : List.of("result", "exception")) {
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
                Future<Object> f = pool.submit(() -> {
                    release.await(10, TimeUnit.SECONDS);
                    return "finished";
                });
                AtomicReference<Object> out = new AtomicReference<>();
                Thread caller = Thread.ofPlatform().name("caller").start(() -> out.set(method.equals("result")
                        ? outcome(() -> TaskErrors.result(f)) : outcome(() -> TaskErrors.exception(f))));
                try {
                    Await.untilBlocked(WITHIN, caller);
                    caller.interrupt();
                    Await.joined(WITHIN, caller);
                    assertThat(out.get()).as("what %s() did when its caller was interrupted while it waited", method)
                            .isInstanceOf(InterruptedException.class);
                    assertThat(f.isCancelled()).as("the task was cancelled when %s()'s caller was interrupted", method)
                            .isFalse();
                } finally {
                    release.countDown();
                }
                assertThat(f.get(5, TimeUnit.SECONDS)).as("the task's result after the interrupted %s()", method)
                        .isEqualTo("finished");
            }
        }
    }

    @Test
    @Hint("Both methods must work from any calling thread: a daemon, a virtual thread, a renamed one. See the "
            + "lesson's Q6.")
    void worksFromEveryKindOfCaller() throws Exception {
        IOException failure = new IOException("no good");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Caller caller : Callers.all()) {
                Future<Object> fails = pool.submit(() -> {
                    Thread.sleep(20);
                    throw failure;
                });
                Future<Object> returns = pool.submit(() -> {
                    Thread.sleep(20);
                    return "ok";
                });
                Function<java.util.concurrent.Callable<?>, Object> from = call -> caller.call(WITHIN, () -> outcome(call));
                assertThat(from.apply(() -> TaskErrors.result(fails))).as("result() from a %s", caller.describe())
                        .isSameAs(failure);
                assertThat(from.apply(() -> TaskErrors.exception(fails))).as("exception() from a %s", caller.describe())
                        .isSameAs(failure);
                assertThat(from.apply(() -> TaskErrors.result(returns))).as("result() of a returning task from a %s",
                        caller.describe()).isEqualTo("ok");
            }
        }
    }
}
