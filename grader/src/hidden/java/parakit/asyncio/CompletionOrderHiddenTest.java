package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TestLoop;
import parakit.support.Hint;

/**
 * Hidden tests for Q3. The test chooses the delays: nine tasks whose delays are a permutation of 0..8 steps of
 * 30 ms, so that every two delays are at least a step apart and the expected orders are known. Timing is checked by
 * ratios against the sum of the delays.
 */
@Question(section = "asyncio", number = 3, title = "Completion order, synchronous and asynchronous")
@Requires(type = CompletableFuture.class, method = "*", in = "CompletionOrder.asynchronous",
        why = "the asynchronous tasks must be CompletableFuture stages on the loop")
@Requires(type = Thread.class, method = "sleep", in = "CompletionOrder.synchronous",
        why = "the synchronous tasks wait by blocking the calling thread, as the practical's time.sleep does")
@Forbids(type = Thread.class, method = "sleep", in = "CompletionOrder.asynchronous",
        why = "a task on the loop must not sleep: that blocks the loop's only thread")
@Forbids(type = CompletableFuture.class, method = "join", in = "CompletionOrder.asynchronous",
        why = "asynchronous must not wait for its tasks with join: it returns a future at once")
@Forbids(type = Future.class, method = "get", in = "CompletionOrder.asynchronous",
        why = "asynchronous must not wait for its tasks with get: it returns a future at once")
@Forbids(type = List.class, method = "sort", in = "CompletionOrder",
        why = "the order of completion must come from the waits themselves, not from sorting by the known delays")
@Forbids(type = Collections.class, method = "sort", in = "CompletionOrder",
        why = "the order of completion must come from the waits themselves, not from sorting by the known delays")
@Forbids(type = Arrays.class, method = "sort", in = "CompletionOrder",
        why = "the order of completion must come from the waits themselves, not from sorting by the known delays")
@Forbids(type = Stream.class, method = "sorted", in = "CompletionOrder",
        why = "the order of completion must come from the waits themselves, not from sorting by the known delays")
@Forbids(type = PriorityQueue.class, method = "*", in = "CompletionOrder",
        why = "the order of completion must come from the waits themselves, not from ordering by the known delays")
class CompletionOrderHiddenTest {

    private static final long STEP = 30;
    /** The step of the timed test: longer, so that a loaded machine's scheduling delays are small beside it. */
    private static final long TIMING_STEP = 30;
    /** Steps of the delays of tasks 1..9: a permutation of 0..8. */
    private static final int[] STEPS = {5, 1, 8, 3, 0, 7, 2, 6, 4};
    /** Task ids in the order of their delays. */
    private static final List<Integer> BY_DELAY = List.of(5, 2, 7, 4, 9, 1, 8, 6, 3);

    private static List<Duration> delays(long step) {
        return Arrays.stream(STEPS).mapToObj(s -> Duration.ofMillis(s * step)).toList();
    }

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

    /** Ids reported, with the thread that reported each. */
    record Reported(List<Integer> ids, List<Thread> threads) implements IntConsumer {
        Reported() {
            this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        }

        @Override
        public void accept(int id) {
            threads.add(Thread.currentThread());
            ids.add(id);
        }
    }

    /** Calls asynchronous on a thread of its own, so that a call that blocks fails here instead of hanging. */
    private static CompletableFuture<Void> asynchronousWithin(Duration within, TestLoop loop, List<Duration> delays,
            Reported out) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").daemon(true).start(() -> {
            try {
                outcome.set(CompletionOrder.asynchronous(loop.executor(), delays, out));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            throw new AssertionError("asynchronous did not return within " + within.toMillis() + " ms (it waits "
                    + "for its tasks instead of returning a future at once): " + e.getMessage(), e);
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("asynchronous threw " + t, t);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> future = (CompletableFuture<Void>) outcome.get();
        assertThat(future).as("the future asynchronous returned").isNotNull();
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
    @Points(2)
    @Hint("Synchronous tasks run one after another on the calling thread: each waits its delay, then reports, and "
            + "only then does the next begin, so they finish in the order 1..n whatever the delays. See the lesson's "
            + "CompletionOrder section.")
    void synchronousTasksFinishOneAfterAnotherInTheirOwnOrder() throws Exception {
        Reported out = new Reported();
        long begin = System.nanoTime();
        CompletionOrder.synchronous(delays(5), out);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        long sum = IntStream.of(STEPS).sum() * 5L;
        assertThat(out.ids()).as("ids reported by synchronous with delays %s", delays(5))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(out.threads()).as("threads that reported (the caller's)").containsOnly(Thread.currentThread());
        assertThat(millis).as("ms synchronous took: at least the sum of the delays, %d ms", sum)
                .isGreaterThanOrEqualTo(sum - 2);
        Reported none = new Reported();
        CompletionOrder.synchronous(List.of(), none);
        assertThat(none.ids()).as("ids reported by synchronous with no tasks").isEmpty();
    }

    @Test
    @Hint("synchronous waits by blocking its caller: an interrupt of the caller during a wait must end it with "
            + "InterruptedException, and the later tasks must not run. See the Javadoc of synchronous.")
    void anInterruptedSynchronousRunStops() throws Exception {
        Reported out = new Reported();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("sync-caller").start(() -> {
            try {
                CompletionOrder.synchronous(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO), out);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Await.untilBlocked(Duration.ofSeconds(2), caller);
        caller.interrupt();
        Await.joined(Duration.ofSeconds(2), caller);
        assertThat(thrown.get()).as("what synchronous threw when its caller was interrupted during task 2's wait")
                .isInstanceOf(InterruptedException.class);
        assertThat(out.ids()).as("ids reported before the interrupt (task 3 must not run)").containsExactly(1);
    }

    @Test
    @Points(3)
    @Hint(value = "Tasks on the loop wait at the same time, so they finish in the order of their delays, not in the "
            + "order they were created. Tasks that only start when the previous one ended finish in their own order. "
            + "See the lesson's CompletionOrder section.", when = "ids reported")
    @Hint(value = "Each task must report on the loop's thread: the rest of a task after its wait belongs on the loop, "
            + "not on a timer's or the common pool's thread. See the lesson's introduction on stages and threads.",
            when = "threads")
    void asynchronousTasksFinishInTheOrderOfTheirDelaysOnTheLoop() {
        try (TestLoop loop = new TestLoop()) {
            Reported out = new Reported();
            completes(asynchronousWithin(Duration.ofSeconds(1), loop, delays(STEP), out), Duration.ofSeconds(3),
                    "asynchronous");
            assertThat(out.ids()).as("ids reported by asynchronous with delays %s", delays(STEP))
                    .isEqualTo(BY_DELAY);
            assertThat(out.threads()).as("threads that reported (the loop's is '%s')", loop.thread().getName())
                    .containsOnly(loop.thread());
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The delays of the asynchronous tasks must overlap: all of them are done about the longest delay "
            + "after the call, not the sum. A task that keeps the loop's thread during its wait, or that begins only "
            + "when the previous one ended, adds the delays up. See the lesson's CompletionOrder section.",
            when = "sum")
    @Hint(value = "Each task must really wait its delay before it reports. See the lesson's CompletionOrder section.",
            when = "longest")
    void asynchronousTakesAboutTheLongestDelayNotTheSum() {
        try (TestLoop loop = new TestLoop()) {
            Reported out = new Reported();
            long begin = System.nanoTime();
            completes(asynchronousWithin(Duration.ofSeconds(1), loop, delays(TIMING_STEP), out), Duration.ofSeconds(3),
                    "asynchronous");
            long millis = (System.nanoTime() - begin) / 1_000_000;
            long sum = IntStream.of(STEPS).sum() * TIMING_STEP;
            long longest = 8 * TIMING_STEP;
            assertThat(out.ids()).as("tasks that reported").hasSize(9);
            assertThat(millis).as("ms until all nine tasks were done; it must be under half the sum of the delays "
                    + "(%d ms)", sum).isLessThan(sum / 2);
            assertThat(millis).as("ms until all nine tasks were done: at least the longest delay, %d ms", longest)
                    .isGreaterThanOrEqualTo(longest - 2);
        }
    }

    @Test
    @Points(2)
    @Hint("asynchronous creates the tasks and returns a future at once: it neither reports on the calling thread nor "
            + "waits for the tasks. While the loop is busy, nothing can be reported. See the lesson's introduction on "
            + "what an asynchronous method returns.")
    void asynchronousReturnsAtOnceWhileTheLoopIsBusy() {
        try (TestLoop loop = new TestLoop()) {
            CountDownLatch release = loop.hold();
            Reported out = new Reported();
            CompletableFuture<Void> future;
            try {
                future = asynchronousWithin(Duration.ofSeconds(1), loop,
                        List.of(Duration.ZERO, Duration.ofMillis(STEP)), out);
                assertThat(out.ids()).as("ids reported while the loop was busy").isEmpty();
                assertThat(future.isDone()).as("whether asynchronous's future was done while the loop was busy")
                        .isFalse();
            } finally {
                release.countDown();
            }
            completes(future, Duration.ofSeconds(2), "asynchronous");
            assertThat(out.ids()).as("ids reported once the loop was free").containsExactly(1, 2);
        }
    }

    @Test
    @Hint("With no tasks, asynchronous returns a future that is already complete (and reports nothing); with one, "
            + "the future completes after that task reported. See the Javadoc of asynchronous.")
    void asynchronousWithNoTasksOrOneTask() {
        try (TestLoop loop = new TestLoop()) {
            Reported none = new Reported();
            CompletableFuture<Void> empty = asynchronousWithin(Duration.ofSeconds(1), loop, List.of(), none);
            completes(empty, Duration.ofSeconds(1), "asynchronous with no tasks");
            assertThat(none.ids()).as("ids reported with no tasks").isEmpty();
            Reported one = new Reported();
            CompletableFuture<Void> single = asynchronousWithin(Duration.ofSeconds(1), loop,
                    List.of(Duration.ofMillis(STEP)), one);
            completes(single, Duration.ofSeconds(2), "asynchronous with one task");
            assertThat(one.ids()).as("ids reported by one task, once its future completed").containsExactly(1);
        }
    }
}
