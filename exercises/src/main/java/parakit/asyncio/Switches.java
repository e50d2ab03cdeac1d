package parakit.asyncio;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Q1. Two tasks on one event loop that hand the loop to each other at explicit switch points: the Java
 * counterpart of the practical's {@code foo} and {@code bar} coroutines with {@code await asyncio.sleep(0)}.
 * The event loop is an {@link Executor} that runs one task at a time on one thread (see the lesson's
 * introduction); a task "yields" by handing the rest of its work to the loop as a new task, which the loop
 * queues behind the tasks already waiting.
 */
public final class Switches {

    /** foo's first line. */
    public static final String FOO_FIRST = "Running in foo";
    /** bar's first line. */
    public static final String BAR_FIRST = "Explicit context to bar";
    /** foo's second line, printed after its switch point. */
    public static final String FOO_AGAIN = "Explicit context switch to foo again";
    /** bar's second line, printed after its switch point. */
    public static final String BAR_BACK = "Implicit context switch back to bar";

    /** The four lines in the order a one-thread loop prints them. */
    public static final List<String> EXPECTED = List.of(FOO_FIRST, BAR_FIRST, FOO_AGAIN, BAR_BACK);

    private Switches() {
    }

    /**
     * Creates the tasks foo and bar on {@code loop} and returns at once, without waiting for either.
     *
     * <p>foo prints {@link #FOO_FIRST}, reaches its switch point, then prints {@link #FOO_AGAIN}; bar prints
     * {@link #BAR_FIRST}, reaches its switch point, then prints {@link #BAR_BACK}. At a switch point a task gives
     * the loop back: the rest of the task runs as a new task on {@code loop}, behind the tasks already queued.
     * Both tasks are created before either runs, foo first, so on a loop of one thread the lines come in the
     * order of {@link #EXPECTED}, whichever thread calls this method and however fast the loop is.
     *
     * <p>Threads: every call of {@code out} happens on the loop's thread, never on the calling thread; this
     * method runs none of the tasks' work itself and never blocks, so it may also be called from a task on the
     * loop. Nothing in the tasks blocks the loop's thread.
     *
     * @param loop the event loop: an executor that runs its tasks one at a time, in the order they were handed to
     *             it, on one thread
     * @param out  where the tasks print their lines
     * @return a future that completes normally once both tasks have printed their second line
     */
    public static CompletableFuture<Void> start(Executor loop, Consumer<String> out) {
        // TODO Switches.start: Create the two tasks foo and bar on the loop, each with one switch point between its two lines, and
        //   return a future of both. Nothing here may wait for them or print on the calling thread.
        throw new UnsupportedOperationException("TODO Switches.start");
    }

    /**
     * Python's {@code asyncio.run}: creates an event loop of its own (one new platform thread), runs
     * {@link #start} on it, waits on the calling thread until both tasks are done, and shuts the loop down.
     *
     * <p>The lines are printed as {@link #start} says, all on the one thread of the new loop (not the caller's).
     * When this method returns, the loop has been shut down and its thread has ended or is ending (none is left
     * behind idle).
     *
     * @param out where the tasks print their lines
     */
    public static void run(Consumer<String> out) {
        // TODO Switches.run: Create a loop of one thread, start the two tasks on it, wait here until they are done; the loop is
        //   shut down when run returns.
        throw new UnsupportedOperationException("TODO Switches.run");
    }
}
