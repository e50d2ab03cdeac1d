package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.PrintedLines;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TestLoop;
import parakit.support.Hint;

/**
 * Hidden tests for Q5. The tests give produce futures of their own, with a stage attached before the producer runs,
 * so that they see which thread completes the future and when.
 */
@Question(section = "asyncio", number = 5, title = "Futures completed by a producer, seen by callbacks")
@Requires(type = CompletableFuture.class, method = "*", in = "Callbacks.produce",
        why = "the producer must be a CompletableFuture task on the loop that completes the future it is given")
@Requires(type = CompletableFuture.class, method = "<init>", in = "Callbacks.run",
        why = "run creates the two futures itself (asyncio.Future()), for the producers to complete")
@Forbids(type = Thread.class, method = "sleep", in = "Callbacks",
        why = "a task on the loop must not sleep: that blocks the loop's only thread")
@Forbids(type = CompletableFuture.class, method = "join", in = "Callbacks",
        why = "the callbacks must be called when the futures complete, not wait for them with join (which blocks)")
@Forbids(type = Future.class, method = "get", in = "Callbacks",
        why = "the callbacks must be called when the futures complete, not wait for them with get (which blocks)")
class CallbacksHiddenTest {

    private static final Duration UNIT = Duration.ofMillis(40);

    @BeforeEach
    void warmUp() throws Exception {
        try (ExecutorService warm = Executors.newSingleThreadExecutor()) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture.runAsync(() -> { }, warm)
                        .thenRunAsync(() -> { }, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, warm))
                        .get(2, TimeUnit.SECONDS);
            }
        }
    }

    /** Calls the method on a thread of its own, so that a method that blocks fails here instead of hanging. */
    private static CompletableFuture<Void> within(Duration within, String what,
            java.util.function.Supplier<CompletableFuture<Void>> call) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").daemon(true).start(() -> {
            try {
                outcome.set(call.get());
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            throw new AssertionError(what + " did not return within " + within.toMillis() + " ms (it waits instead "
                    + "of returning a future at once): " + e.getMessage(), e);
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError(what + " threw " + t, t);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> future = (CompletableFuture<Void>) outcome.get();
        assertThat(future).as("the future %s returned", what).isNotNull();
        return future;
    }

    private static void completes(CompletableFuture<?> future, Duration within, String what) {
        try {
            future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future of " + what + " did not complete within " + within.toMillis() + " ms");
        } catch (Exception e) {
            throw new AssertionError("the future of " + what + " failed: " + e, e);
        }
    }

    @Test
    @Points(3)
    @Hint(value = "The producer prints only its sleeping line: the result reaches whoever waits for it through the "
            + "future (set_result), and the callbacks print it. See the lesson's Callbacks section.",
            when = "lines the producer printed")
    @Hint(value = "The producer must complete the future it is given, with its result, once its wait is over. See the "
            + "lesson's Callbacks section.", when = "value")
    @Hint(value = "The future must be completed on the loop's thread, so that the callbacks attached to it run there: "
            + "complete it in a task on the loop, not on a timer's or the common pool's thread. See the lesson's "
            + "introduction on stages and threads.", when = "completed the future")
    @Hint(value = "The future is completed only after the wait: completing it first and waiting afterwards hands the "
            + "result out too early. See the lesson's Callbacks section.", when = "after the sleeping line")
    @Hint(value = "produce returns a future at once and prints nothing on the calling thread: while the loop is busy, "
            + "nothing is printed and the future is not completed. See the lesson's introduction.", when = "busy")
    @Hint(value = "The producer's own future completes once it has completed the given future, not before. See the "
            + "Javadoc of produce.", when = "producer's future")
    void produceCompletesTheFutureOnTheLoopAfterItsWait() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CompletableFuture<String> future = new CompletableFuture<>();
            AtomicReference<Thread> completer = new AtomicReference<>();
            AtomicReference<Long> completedAt = new AtomicReference<>();
            CompletableFuture<Void> observed = future.thenRun(() -> {
                completer.set(Thread.currentThread());
                completedAt.set((System.nanoTime() - out.begin()) / 1_000_000);
            });
            CountDownLatch release = loop.hold();
            CompletableFuture<Void> producer;
            try {
                producer = within(Duration.ofSeconds(1), "produce",
                        () -> Callbacks.produce(loop.executor(), future, "job", 2, UNIT, out));
                assertThat(out.lines()).as("lines printed while the loop was busy").isEmpty();
                assertThat(future.isDone()).as("whether the future was completed while the loop was busy").isFalse();
            } finally {
                release.countDown();
            }
            AtomicReference<Boolean> givenDoneFirst = new AtomicReference<>();
            // Wait for this dependent stage, not for producer itself: a thread woken by producer's completion may
            // run before producer's dependents have.
            CompletableFuture<Void> seen = producer.thenRun(() -> givenDoneFirst.set(future.isDone()));
            completes(producer, Duration.ofSeconds(2), "produce");
            completes(seen, Duration.ofSeconds(2), "produce");
            completes(observed, Duration.ofSeconds(2), "produce"); // the stage that records who completed the future
            assertThat(future.getNow("(not completed)")).as("value of the future after the producer ended")
                    .isEqualTo("job is finished");
            assertThat(givenDoneFirst.get()).as("whether the given future was complete when the producer's future "
                    + "completed").isTrue();
            assertThat(out.lines()).as("lines the producer printed").containsExactly("job sleeping for: 2 units");
            assertThat(out.threads()).as("threads that printed the line (the loop's is '%s')", loop.thread().getName())
                    .containsOnly(loop.thread());
            assertThat(completer.get()).as("thread that completed the future (the loop's is '%s')",
                    loop.thread().getName()).isSameAs(loop.thread());
            assertThat(completedAt.get() - out.at("job sleeping for: 2 units"))
                    .as("ms from the sleeping line until the future was completed, which must come after the sleeping "
                            + "line by at least the wait, %d ms", 2 * UNIT.toMillis())
                    .isGreaterThanOrEqualTo(2 * UNIT.toMillis() - 2);
            // No wait at all: the future is still completed, on the loop.
            PrintedLines zero = new PrintedLines();
            CompletableFuture<String> now = new CompletableFuture<>();
            completes(within(Duration.ofSeconds(1), "produce",
                    () -> Callbacks.produce(loop.executor(), now, "quick", 0, UNIT, zero)), Duration.ofSeconds(2),
                    "produce with no wait");
            assertThat(now.getNow("(not completed)")).as("value of the future of a producer with no wait")
                    .isEqualTo("quick is finished");
        }
    }

    @Test
    @Points(3)
    @Hint(value = "Each callback must print its future's result as soon as that future is completed: the 1-unit task's "
            + "result first. Callbacks attached (or results read) only after both producers ended print in the order "
            + "of the futures instead. See the lesson's Callbacks section.", when = "lines of")
    @Hint(value = "Every line must be printed on the loop's thread (the callbacks run where the futures are "
            + "completed). See the lesson's introduction on stages and threads.", when = "threads")
    @Hint(value = "run's future completes once both results have been printed. See the Javadoc of run.",
            when = "printed when")
    void theCallbacksPrintEachResultAsItsFutureCompletes() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CompletableFuture<Void> all = within(Duration.ofSeconds(1), "run", () -> Callbacks.run(loop.executor(), UNIT, out));
            AtomicInteger printedWhenDone = new AtomicInteger(-1);
            CompletableFuture<Void> seen = all.thenRun(() -> printedWhenDone.set(out.lines().size()));
            completes(all, Duration.ofSeconds(2), "run");
            completes(seen, Duration.ofSeconds(2), "run"); // a thread woken by all may run before all's dependents
            assertThat(out.lines()).as("lines of the producers task1 (3 units) and task2 (1 unit) and the callbacks")
                    .containsExactly("task1 sleeping for: 3 units", "task2 sleeping for: 1 units", "task2 is finished",
                            "task1 is finished");
            assertThat(out.threads()).as("threads that printed the lines (the loop's is '%s')", loop.thread().getName())
                    .containsOnly(loop.thread());
            assertThat(printedWhenDone.get()).as("lines printed when run's future completed").isEqualTo(4);
            assertThat(out.at("task1 is finished") - out.at("task1 sleeping for: 3 units"))
                    .as("ms from task1's sleeping line to its result: at least 3 units, %d ms", 3 * UNIT.toMillis())
                    .isGreaterThanOrEqualTo(3 * UNIT.toMillis() - 2);
        }
    }

    @Test
    @Hint("run creates the futures and the producers and returns at once: while the loop is busy nothing is printed "
            + "yet. See the lesson's introduction on what an asynchronous method returns.")
    void runReturnsAtOnceWhileTheLoopIsBusy() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CountDownLatch release = loop.hold();
            CompletableFuture<Void> all;
            try {
                all = within(Duration.ofSeconds(1), "run", () -> Callbacks.run(loop.executor(), UNIT, out));
                assertThat(out.lines()).as("lines printed while the loop was busy").isEmpty();
                assertThat(all.isDone()).as("whether run's future was done while the loop was busy").isFalse();
            } finally {
                release.countDown();
            }
            completes(all, Duration.ofSeconds(2), "run");
            assertThat(out.lines()).as("lines printed once the loop was free").hasSize(4);
        }
    }
}
