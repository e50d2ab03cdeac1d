package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import parakit.futures.DoneCallbacks.Cancelled;
import parakit.futures.DoneCallbacks.Outcome;
import parakit.futures.DoneCallbacks.Raised;
import parakit.futures.DoneCallbacks.Returned;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q4. The test completes each future itself, from a thread it names, so when and where a
 * callback runs is known exactly: a {@code CompletableFuture}'s callbacks run in the completing thread before
 * {@code complete} returns, so no test needs to wait for them except the one whose future a pool completes.
 */
@Question(section = "futures", number = 4, title = "Callbacks when a future is done")
@Requires(type = CompletableFuture.class, method = "*", in = "DoneCallbacks.whenDone",
        why = "DoneCallbacks.whenDone must register the callback on the future itself, so that the future calls it "
                + "when it is done")
class DoneCallbacksHiddenTest {

    /** A callback that records what it was told and on which thread. */
    private static final class Recorder implements Consumer<Outcome<Integer>> {
        final List<Outcome<Integer>> told = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch called = new CountDownLatch(1);

        @Override
        public void accept(Outcome<Integer> outcome) {
            told.add(outcome);
            threads.add(Thread.currentThread());
            called.countDown();
        }

        boolean awaitCall() throws InterruptedException {
            return called.await(2, TimeUnit.SECONDS);
        }
    }

    // ---- the three outcomes ----------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "whenDone must return at once: it arranges for the callback to run later, it does not wait for "
            + "the future. See the lesson's DoneCallbacks section.", when = "did not return")
    @Hint(value = "A future that completes with a result tells its callback Returned with that result, once. See "
            + "the Javadoc of whenDone.", when = "told")
    void whenDoneReturnsAtOnceAndTheCallbackIsToldTheResult() throws Exception {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        Recorder callback = new Recorder();
        onACaller("whenDone on a future not completed yet", () -> DoneCallbacks.whenDone(future, callback));
        assertThat(callback.told).as("outcomes told before the future completed").isEmpty();
        future.complete(5);
        assertThat(callback.awaitCall()).as("the callback ran once the future completed").isTrue();
        assertThat(callback.told).as("outcomes told after the future completed with 5")
                .containsExactly(new Returned<>(5));
        CompletableFuture<Integer> none = new CompletableFuture<>();
        Recorder nullCallback = new Recorder();
        DoneCallbacks.whenDone(none, nullCallback);
        none.complete(null);
        assertThat(nullCallback.awaitCall()).as("the callback ran once the future completed with null").isTrue();
        assertThat(nullCallback.told).as("outcomes told after the future completed with null")
                .containsExactly(new Returned<>(null));
    }

    @Test
    @Points(2)
    @Hint(value = "A future that completes by throwing tells its callback Raised with the exception the task threw "
            + "itself: a failure reaches a callback wrapped in a CompletionException when the future's work threw "
            + "or it depends on a stage that failed. See the lesson's DoneCallbacks section on the three ways a "
            + "future ends.", when = "told")
    @Hint(value = "A callback must run when the future fails, too, not only when it returns. See the lesson's "
            + "DoneCallbacks section.", when = "ran")
    void theCallbackIsToldTheTasksOwnExceptionOnFailure() throws Exception {
        IllegalStateException boom = new IllegalStateException("the value 5 is no good");
        CompletableFuture<Integer> direct = new CompletableFuture<>();
        Recorder onDirect = new Recorder();
        DoneCallbacks.whenDone(direct, onDirect);
        direct.completeExceptionally(boom);
        assertThat(onDirect.awaitCall()).as("the callback ran once the future failed").isTrue();
        assertThat(onDirect.told).as("outcomes told by a future completed exceptionally with IllegalStateException")
                .containsExactly(new Raised<>(boom));

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> async = CompletableFuture.supplyAsync(() -> {
            awaitQuietly(go);
            throw boom;
        });
        Recorder onAsync = new Recorder();
        DoneCallbacks.whenDone(async, onAsync);
        go.countDown();
        assertThat(onAsync.awaitCall()).as("the callback ran once the supplier threw").isTrue();
        assertThat(onAsync.told).as("outcomes told by supplyAsync whose supplier threw IllegalStateException")
                .containsExactly(new Raised<>(boom));

        CompletableFuture<Integer> base = new CompletableFuture<>();
        CompletableFuture<Integer> dependent = base.thenApply(x -> x + 1);
        Recorder onDependent = new Recorder();
        DoneCallbacks.whenDone(dependent, onDependent);
        base.completeExceptionally(boom);
        assertThat(onDependent.awaitCall()).as("the callback ran once the stage it depends on failed").isTrue();
        assertThat(onDependent.told).as("outcomes told by thenApply of a future that failed with IllegalStateException")
                .containsExactly(new Raised<>(boom));
    }

    @Test
    @Points(2)
    @Hint(value = "A cancelled future tells its callback Cancelled, not Raised: a cancellation reaches a callback as "
            + "a CancellationException, which is not an exception of the task. Check for cancellation first, as the "
            + "practical's done(fn) does. See the lesson's DoneCallbacks section.", when = "told")
    @Hint(value = "A callback must run when the future is cancelled, too. See the lesson's DoneCallbacks section.",
            when = "ran")
    void theCallbackIsToldCancelledOnCancellation() throws Exception {
        for (boolean interrupt : new boolean[] {false, true}) {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            Recorder callback = new Recorder();
            DoneCallbacks.whenDone(future, callback);
            future.cancel(interrupt);
            assertThat(callback.awaitCall()).as("the callback ran once the future was cancelled").isTrue();
            assertThat(callback.told).as("outcomes told by a future cancelled with cancel(%s)", interrupt)
                    .containsExactly(new Cancelled<>());
        }
    }

    // ---- when and where --------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "A callback added to a future that is already done runs at once, in the calling thread, before "
            + "whenDone returns, and only once. See the Javadoc of whenDone.")
    void aCallbackAddedAfterCompletionRunsOnceAtOnceInTheCaller() {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        CompletableFuture<Integer> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        List<CompletableFuture<Integer>> done = List.of(CompletableFuture.completedFuture(7),
                CompletableFuture.failedFuture(bad), cancelled);
        List<Outcome<Integer>> expected = List.of(new Returned<>(7), new Raised<>(bad), new Cancelled<>());
        for (int i = 0; i < done.size(); i++) {
            Recorder callback = new Recorder();
            DoneCallbacks.whenDone(done.get(i), callback);
            assertThat(callback.told).as("outcomes told, when whenDone returned, by a future already done (%s)",
                    expected.get(i)).containsExactly(expected.get(i));
            assertThat(callback.threads).as("threads the callback ran in, for a future already done (the caller's)")
                    .containsExactly(Thread.currentThread());
        }
    }

    @Test
    @Hint("A callback on a future not done yet runs in the thread that completes the future, as that thread "
            + "completes it (before complete, completeExceptionally or cancel returns), not on some other pool's "
            + "thread later. See the Javadoc of whenDone.")
    void theCallbackRunsInTheThreadThatCompletesTheFuture() throws Exception {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        Recorder callback = new Recorder();
        DoneCallbacks.whenDone(future, callback);
        AtomicReference<List<Outcome<Integer>>> toldWhenCompleteReturned = new AtomicReference<>();
        Thread completer = Thread.ofPlatform().name("completer").start(() -> {
            future.complete(3);
            toldWhenCompleteReturned.set(List.copyOf(callback.told));
        });
        Await.joined(Duration.ofSeconds(2), completer);
        assertThat(toldWhenCompleteReturned.get()).as("outcomes told by the time complete(3) returned in the "
                + "completing thread").containsExactly(new Returned<>(3));
        assertThat(callback.threads).as("threads the callback ran in").containsExactly(completer);
    }

    @Test
    @Hint(value = "Each callback runs exactly once per future, whatever the outcome; two callbacks on one future run "
            + "once each. See the Javadoc of whenDone.", when = "told")
    @Hint("whenDone must work from any calling thread (a daemon, a virtual thread, a renamed one). See the lesson's "
            + "DoneCallbacks section.")
    void everyCallbackRunsExactlyOnceWhateverTheOutcome() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        for (Caller caller : Callers.all()) {
            CompletableFuture<Integer> ok = new CompletableFuture<>();
            CompletableFuture<Integer> failed = new CompletableFuture<>();
            CompletableFuture<Integer> cancelled = new CompletableFuture<>();
            Recorder[] callbacks = {new Recorder(), new Recorder(), new Recorder(), new Recorder(), new Recorder(),
                    new Recorder()};
            caller.run(Duration.ofSeconds(2), () -> {
                DoneCallbacks.whenDone(ok, callbacks[0]);
                DoneCallbacks.whenDone(ok, callbacks[1]);
                DoneCallbacks.whenDone(failed, callbacks[2]);
                DoneCallbacks.whenDone(failed, callbacks[3]);
                DoneCallbacks.whenDone(cancelled, callbacks[4]);
                DoneCallbacks.whenDone(cancelled, callbacks[5]);
            });
            ok.complete(1);
            ok.complete(2);
            failed.completeExceptionally(boom);
            failed.complete(3);
            cancelled.cancel(false);
            cancelled.cancel(false);
            List<List<Outcome<Integer>>> expected = List.of(List.of(new Returned<>(1)), List.of(new Returned<>(1)),
                    List.of(new Raised<>(boom)), List.of(new Raised<>(boom)), List.of(new Cancelled<>()),
                    List.of(new Cancelled<>()));
            for (int i = 0; i < callbacks.length; i++) {
                assertThat(callbacks[i].awaitCall()).as("callback %d ran, registered from a %s", i, caller.describe())
                        .isTrue();
                assertThat(callbacks[i].told).as("outcomes told to callback %d (two per future), registered from a "
                        + "%s", i, caller.describe()).isEqualTo(expected.get(i));
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void onACaller(String what, Runnable body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("when-done-caller").start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            Await.joined(Duration.ofSeconds(1), caller);
        } catch (AssertionError e) {
            throw new AssertionError(what + " did not return within 1 s (it waits for the future): " + e.getMessage(),
                    e);
        }
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
