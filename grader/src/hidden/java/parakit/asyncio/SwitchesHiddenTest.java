package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Callers;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.PrintedLines;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TestLoop;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;

/**
 * Hidden tests for Q1. The tests hand {@code start} a loop of their own (one named thread), so that they know the
 * loop's thread, can keep it busy while {@code start} is called, and shut it down themselves.
 */
@Question(section = "asyncio", number = 1, title = "Explicit switch points on one event loop")
@Requires(type = CompletableFuture.class, method = "*", in = "Switches.start",
        why = "the tasks must be CompletableFuture stages on the loop (runAsync/thenRunAsync with the loop as "
                + "their executor)")
@Requires(type = Executors.class, method = "newSingleThreadExecutor", in = "Switches.run",
        why = "run's event loop is an executor of one thread, as the lesson's introduction builds it")
@Forbids(type = Thread.class, method = "sleep", in = "Switches.start",
        why = "a task on the loop must not sleep: that blocks the loop's only thread (a switch point hands the rest "
                + "of the task to the loop instead)")
@Forbids(type = CompletableFuture.class, method = "join", in = "Switches.start",
        why = "start must not wait for the tasks: join blocks the thread that calls it, which may be the loop's")
@Forbids(type = Future.class, method = "get", in = "Switches.start",
        why = "start must not wait for the tasks: get blocks the thread that calls it, which may be the loop's")
class SwitchesHiddenTest {

    private static final Duration PATIENCE = Duration.ofSeconds(2);

    /** Calls start on a thread of its own, so that a start that blocks fails here instead of hanging the test. */
    private static CompletableFuture<Void> startWithin(Duration within, TestLoop loop, PrintedLines out) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("start-caller").daemon(true).start(() -> {
            try {
                outcome.set(Switches.start(loop.executor(), out));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            throw new AssertionError("start did not return within " + within.toMillis() + " ms while the loop was busy "
                    + "(it waits for the tasks instead of returning at once): " + e.getMessage(), e);
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("start threw " + t, t);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> future = (CompletableFuture<Void>) outcome.get();
        assertThat(future).as("the future start returned").isNotNull();
        return future;
    }

    private static void completes(CompletableFuture<?> future, String what) {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future of " + what + " did not complete within " + PATIENCE.toMillis()
                    + " ms (a task that never reaches its second line?)");
        } catch (Exception e) {
            throw new AssertionError("the future of " + what + " failed: " + e, e);
        }
    }

    /**
     * {@link ThreadLeaks#leftRunning}, leaving out the threads of the JDK's virtual-thread scheduler (its carriers,
     * its delay scheduler and unblocker), which start on the first virtual thread (a virtual caller, the page
     * server's exchanges) and stay: the code under test does not own them.
     */
    private static List<String> leftRunning(ThreadLeaks.Snapshot before) throws InterruptedException {
        return ThreadLeaks.threadsLeftRunning(before, Duration.ofSeconds(1)).stream()
                .filter(t -> !t.getClass().getName().equals("jdk.internal.misc.CarrierThread")
                        && !t.getName().startsWith("VirtualThread-") && !t.getName().endsWith("-delayScheduler"))
                .map(t -> t.getName() + " (" + (t.isDaemon() ? "daemon" : "not a daemon") + ", " + t.getState() + ")")
                .toList();
    }

    @Test
    @Points(2)
    @Hint("At a switch point a task hands the rest of its work to the loop as a new task, which the loop queues "
            + "behind the task already waiting: the other task's first line comes before this task's second. Both "
            + "tasks must exist before either runs. See the lesson's Switches section on switch points.")
    void linesInterleaveAtTheSwitchPoints() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            completes(startWithin(PATIENCE, loop, out), "start");
            assertThat(out.lines()).as("lines printed by foo and bar on a one-thread loop").isEqualTo(Switches.EXPECTED);
        }
    }

    @Test
    @Points(2)
    @Hint("Every line must be printed by a task on the loop that start was given (its thread), not on the thread "
            + "that called start and not on another executor's threads (a *Async stage without an executor argument "
            + "runs on the common pool). See the lesson's introduction on the event loop.")
    void everyLineIsPrintedOnTheLoopsThread() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            completes(startWithin(PATIENCE, loop, out), "start");
            assertThat(out.threads()).as("threads that printed the %d lines (the loop's thread is '%s')",
                    out.threads().size(), loop.thread().getName()).isNotEmpty().containsOnly(loop.thread());
        }
    }

    @Test
    @Points(2)
    @Hint("start creates the tasks and returns: it neither runs their work on the calling thread nor waits for "
            + "them. While the loop is busy, nothing can be printed yet. See the lesson's introduction on what an "
            + "asynchronous method returns.")
    void startReturnsAtOnceWhileTheLoopIsBusy() {
        try (TestLoop loop = new TestLoop()) {
            CountDownLatch release = loop.hold();
            PrintedLines out = new PrintedLines();
            CompletableFuture<Void> future;
            try {
                future = startWithin(Duration.ofSeconds(1), loop, out);
                assertThat(out.lines()).as("lines printed before the busy loop could run any task").isEmpty();
                assertThat(future.isDone()).as("whether start's future was done before the busy loop ran anything")
                        .isFalse();
            } finally {
                release.countDown();
            }
            completes(future, "start");
            assertThat(out.lines()).as("lines printed once the loop was free again").isEqualTo(Switches.EXPECTED);
        }
    }

    @Test
    @Hint("start may be called by a task on the loop itself (asynchronous code starting more tasks): it must "
            + "return without waiting, and the tasks then run after the calling task. See the lesson's Switches "
            + "section.")
    void startWorksWhenCalledFromATaskOnTheLoop() {
        try (TestLoop loop = new TestLoop()) {
            PrintedLines out = new PrintedLines();
            CompletableFuture<CompletableFuture<Void>> started = CompletableFuture.supplyAsync(
                    () -> Switches.start(loop.executor(), out), loop.executor());
            completes(started, "the loop's task that called start");
            completes(started.join(), "start called on the loop");
            assertThat(out.lines()).as("lines printed when start was called on the loop")
                    .isEqualTo(Switches.EXPECTED);
            assertThat(out.threads()).as("threads that printed them").containsOnly(loop.thread());
        }
    }

    @Test
    @Points(2)
    @Hint(value = "run must shut its loop down before it returns: a loop's thread is not a daemon, so an idle loop "
            + "keeps it (and the JVM) alive. See the lesson's introduction on closing the loop.", when = "still alive")
    @Hint("run is asyncio.run: a new loop of one thread, the two tasks on it (not on the caller's thread), a wait "
            + "until both are done. See the lesson's Switches section.")
    void runUsesALoopOfItsOwnAndShutsItDown() throws InterruptedException {
        for (Caller caller : Callers.all()) {
            PrintedLines out = new PrintedLines();
            ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
            caller.run(Duration.ofSeconds(3), () -> Switches.run(out));
            assertThat(out.lines()).as("lines printed by run from a %s", caller.describe()).isEqualTo(Switches.EXPECTED);
            assertThat(out.threads().stream().distinct().toList())
                    .as("threads that printed the lines of run from a %s (one loop thread, not the caller)",
                            caller.describe())
                    .hasSize(1).noneMatch(t -> t.getName().equals(caller.threadName()));
            assertThat(leftRunning(before))
                    .as("threads still alive 1 s after run returned (run was called from a %s)", caller.describe())
                    .isEmpty();
        }
    }
}
