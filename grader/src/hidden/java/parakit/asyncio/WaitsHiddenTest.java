package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Hidden tests for Q2. Waits are units of 50 ms; timing is checked by ratios against the sum of the waits, which
 * hold on a loaded machine because waiting is not computing. The tests' own loop lets them see whether the loop's
 * thread stays free during the waits.
 */
@Question(section = "asyncio", number = 2, title = "Waits that overlap on one event loop")
@Requires(type = CompletableFuture.class, method = "*", in = "Waits.work",
        why = "a task and its wait must be CompletableFuture stages on the loop")
@Forbids(type = Thread.class, method = "sleep", in = "Waits",
        why = "a task on the loop must not sleep: that blocks the loop's only thread, and the waits no longer "
                + "overlap (wait with a timer that hands the rest of the task to the loop)")
@Forbids(type = CompletableFuture.class, method = "join", in = "Waits",
        why = "the tasks must not wait for one another with join: it blocks the thread that calls it")
@Forbids(type = Future.class, method = "get", in = "Waits",
        why = "the tasks must not wait for one another with get: it blocks the thread that calls it")
class WaitsHiddenTest {

    private static final Duration UNIT = Duration.ofMillis(50);
    /**
     * The unit of the timed test: long, so that a loaded machine's scheduling delays (which add up, they do not
     * scale with the waits) are small beside it.
     */
    private static final Duration TIMING_UNIT = Duration.ofMillis(150);

    /**
     * Warms up the JDK's timer machinery (the common pool's delay scheduler, started on first use) and the
     * stages, so that the first timed test of a fresh JVM does not measure class loading.
     */
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
    @Hint(value = "The three waits must overlap: while one task waits, the loop runs the others, so waits of 2, 2 and "
            + "1 units end after about 2 units, not 5. A task that keeps the loop's thread during its wait, or that "
            + "starts only when the previous one ended, adds the waits up. See the lesson's Waits section.",
            when = "sum")
    @Hint(value = "Each task must really wait its time before its last line (a wait that ends early or is left out "
            + "ends the tasks too soon). See the lesson's Waits section.", when = "at least")
    void threeWaitsEndAfterAboutTheLongestNotTheSum() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CompletableFuture<Void> all = within(Duration.ofSeconds(1), "all", () -> Waits.all(loop.executor(), TIMING_UNIT, out));
            completes(all, Duration.ofSeconds(2), "all");
            long millis = (System.nanoTime() - out.begin()) / 1_000_000;
            long sum = 5 * TIMING_UNIT.toMillis();
            // Waits that add up take at least the sum (a timer never fires early), overlapping ones about the longest
            // (2 units of 5): three quarters of the sum leaves a loaded machine 1.75 units of delays.
            assertThat(millis).as("ms until all three tasks of 2, 2 and 1 units of %d ms were done; it must be "
                    + "under 0.75 of the sum of the waits (%d ms), the longest wait is %d ms", TIMING_UNIT.toMillis(), sum,
                    2 * TIMING_UNIT.toMillis()).isLessThan(sum * 3 / 4);
            assertThat(millis).as("ms until all three tasks were done: at least the longest wait, %d ms",
                    2 * TIMING_UNIT.toMillis()).isGreaterThanOrEqualTo(2 * TIMING_UNIT.toMillis() - 2);
        }
    }

    @Test
    @Points(2)
    @Hint("The three tasks start one after another (their first lines, in order gr1, gr2, gr3), and each ends after "
            + "its own wait: gr3's line comes before the two 2-unit tasks end. See the lesson's Waits section.")
    void theLinesComeInTheOrderOfTheWaits() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            // The loop is held while all creates the tasks, so that the three first lines run back to back once it is
            // free, and the waits of TIMING_UNIT (not UNIT) leave gr3 a margin of a whole unit before the 2-unit tasks
            // end, however slowly a loaded machine schedules this thread.
            CompletableFuture<Void> all;
            CountDownLatch release = loop.hold();
            try {
                all = within(Duration.ofSeconds(1), "all", () -> Waits.all(loop.executor(), TIMING_UNIT, out));
            } finally {
                release.countDown();
            }
            completes(all, Duration.ofSeconds(3), "all");
            assertThat(out.lines()).as("lines of gr1, gr2 and gr3").hasSize(6);
            assertThat(out.lines().subList(0, 4)).as("the first four lines of gr1, gr2 and gr3")
                    .containsExactly(Waits.GR1_STARTED, Waits.GR2_STARTED, Waits.GR3_STARTED, Waits.GR3_DONE);
            assertThat(out.lines().subList(4, 6)).as("the last two lines")
                    .containsExactlyInAnyOrder(Waits.GR1_ENDED, Waits.GR2_ENDED);
            assertThat(out.threads()).as("threads that printed the lines (the loop's is '%s')", loop.thread().getName())
                    .containsOnly(loop.thread());
        }
    }

    @Test
    @Points(3)
    @Hint("A task that waits must leave the loop's thread free: another task handed to the loop during the wait runs "
            + "at once, and the loop's thread is seen idle (WAITING for its next task), not sleeping or blocked. A "
            + "sleep or any other blocking wait inside a task holds the loop's only thread. See the lesson's "
            + "introduction on never blocking the loop.")
    void theLoopStaysFreeWhileTheTasksWait() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CompletableFuture<Void> all;
            CompletableFuture<Void> probe;
            // The loop is held while all creates the tasks and the test queues a task of its own behind them, so
            // that the test's task is on the loop's queue before any wait has begun, however slow this thread is.
            CountDownLatch release = loop.hold();
            try {
                all = within(Duration.ofSeconds(1), "all", () -> Waits.all(loop.executor(), UNIT, out));
                probe = CompletableFuture.runAsync(() -> out.accept("probe"), loop.executor());
            } finally {
                release.countDown();
            }
            completes(all, Duration.ofSeconds(2), "all");
            completes(probe, Duration.ofSeconds(1), "the test's own task on the loop");
            int probeAt = out.lines().indexOf("probe");
            int firstEnd = out.lines().indexOf(Waits.GR3_DONE);
            assertThat(probeAt).as("position of a task the test gave the loop right after all returned (it must run "
                    + "during the waits, before any task ended); lines: %s at %s ms", out.lines(), out.millis())
                    .isLessThan(firstEnd < 0 ? Integer.MAX_VALUE : firstEnd);
            // Now look at the loop's thread during a wait.
            PrintedLines again = new PrintedLines();
            CompletableFuture<Void> one = within(Duration.ofSeconds(1), "work",
                    () -> Waits.work(loop.executor(), "a", UNIT.multipliedBy(4), "b", again));
            // Sleeping or blocked (TIMED_WAITING, BLOCKED) for several samples in a row is a wait that holds the
            // thread; a moment of RUNNABLE (the loop taking its next task, or waiting for a core on a loaded machine)
            // is not. Sampling begins a unit after the first line, when the loop has long finished that task.
            long deadline = System.nanoTime() + UNIT.toNanos() * 3;
            Thread.State seen = null;
            int inARow = 0;
            while (System.nanoTime() < deadline && !one.isDone()) {
                if (again.lines().contains("a") && (System.nanoTime() - again.begin()) / 1_000_000
                        >= again.at("a") + UNIT.toMillis()) {
                    Thread.State s = loop.thread().getState();
                    if (s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
                        if (++inARow >= 3) {
                            seen = s;
                            break;
                        }
                    } else {
                        inARow = 0;
                    }
                }
                sleepQuietly(2);
            }
            completes(one, Duration.ofSeconds(2), "work");
            assertThat(seen).as("state of the loop's thread seen again and again during a task's 4-unit wait "
                    + "(expected idle, WAITING for its next task)").isNull();
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Both lines of a task must be printed on the loop's thread: the rest of a task after its wait "
            + "must be handed back to the loop, not run on the timer's or the common pool's thread. See the lesson's "
            + "introduction on stages and threads.", when = "threads")
    @Hint(value = "work returns a future at once and prints nothing on the calling thread: while the loop is busy, "
            + "nothing is printed. See the lesson's introduction.", when = "busy")
    @Hint(value = "The last line comes no earlier than the wait after the first one. See the lesson's Waits section.",
            when = "after the first")
    void oneTaskPrintsOnTheLoopAndWaitsItsTime() {
        try (TestLoop loop = new TestLoop()) {
            CountDownLatch release = loop.hold();
            PrintedLines out = new PrintedLines();
            CompletableFuture<Void> one;
            try {
                one = within(Duration.ofSeconds(1), "work",
                        () -> Waits.work(loop.executor(), "first", UNIT.multipliedBy(2), "last", out));
                assertThat(out.lines()).as("lines printed while the loop was busy").isEmpty();
            } finally {
                release.countDown();
            }
            completes(one, Duration.ofSeconds(2), "work");
            assertThat(out.lines()).as("lines of work(first, 2 units, last)").containsExactly("first", "last");
            assertThat(out.threads()).as("threads that printed the two lines (the loop's is '%s')",
                    loop.thread().getName()).containsOnly(loop.thread());
            assertThat(out.at("last") - out.at("first")).as("ms between the lines, which must come at least 2 units "
                    + "(%d ms) after the first", 2 * UNIT.toMillis()).isGreaterThanOrEqualTo(2 * UNIT.toMillis() - 2);
            // A zero wait: the last line follows at once, on the loop too.
            PrintedLines zero = new PrintedLines();
            completes(within(Duration.ofSeconds(1), "work", () -> Waits.work(loop.executor(), "x", Duration.ZERO, "y", zero)),
                    Duration.ofSeconds(2), "work with a zero wait");
            assertThat(zero.lines()).as("lines of work(x, zero wait, y)").containsExactly("x", "y");
            assertThat(zero.threads()).as("threads that printed the lines of a zero wait").containsOnly(loop.thread());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
