package parakit.asyncio;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Q5. Futures completed by a producer, with callbacks that see the results: the practical's {@code my_coroutine},
 * which calls {@code future.set_result(...)} after a sleep, and {@code got_result}, added with
 * {@code future.add_done_callback}. A {@link CompletableFuture} made with {@code new} is a promise: whoever holds it
 * may complete it, and the stages attached to it run then.
 */
public final class Callbacks {

    private Callbacks() {
    }

    /** The line a producer prints first: {@code "task1 sleeping for: 3 units"}. */
    public static String sleepingLine(String name, int units) {
        return name + " sleeping for: " + units + " units";
    }

    /** The result a producer sets: {@code "task1 is finished"}. */
    public static String result(String name) {
        return name + " is finished";
    }

    /**
     * The producer, one task on {@code loop}: prints {@link #sleepingLine(String, int)}, waits {@code units} times
     * {@code unit} without blocking the loop's thread, then completes {@code future} with {@link #result(String)}.
     * Returns at once, without waiting.
     *
     * <p>The line is printed on the loop's thread, and nothing else is printed. {@code future} is completed on the
     * loop's thread (so the stages already attached to it run there), no sooner than the wait after the line. The
     * returned future completes normally once {@code future} has been completed.
     *
     * @param loop   the event loop: an executor that runs its tasks one at a time on one thread
     * @param future the future to complete; created by the caller, who may have attached callbacks to it
     * @param name   the producer's name
     * @param units  how many units to wait, zero or more
     * @param unit   the time unit
     * @param out    where the line is printed
     * @return a future of the producer task
     */
    public static CompletableFuture<Void> produce(Executor loop, CompletableFuture<String> future, String name,
            int units, Duration unit, Consumer<String> out) {
        // TODO Callbacks.produce: On the loop: print the sleeping line, wait without blocking the loop, then complete the future with the
        //   result, on the loop.
        throw new UnsupportedOperationException("TODO Callbacks.produce");
    }

    /**
     * The practical's main program, on {@code loop}: creates two futures, attaches to each a callback that prints
     * the future's result, and only then creates the producers {@code task1} (3 units, completing the first future)
     * and {@code task2} (1 unit, completing the second). Returns at once.
     *
     * <p>The lines are, in this order: task1's sleeping line, task2's sleeping line, {@code "task2 is finished"},
     * {@code "task1 is finished"}; the last two are printed by the callbacks, as each future is completed, on the
     * loop's thread. The returned future completes normally once both callbacks have printed.
     *
     * @param loop the event loop
     * @param unit the time unit of the waits
     * @param out  where the lines are printed
     * @return a future that completes once both results have been printed
     */
    public static CompletableFuture<Void> run(Executor loop, Duration unit, Consumer<String> out) {
        // TODO Callbacks.run: Create the two futures and their callbacks first, then the two producers; return a future of the
        //   callbacks.
        throw new UnsupportedOperationException("TODO Callbacks.run");
    }
}
