package parakit.asyncio;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Q2. Waits that overlap on one event loop: the practical's {@code gr1}, {@code gr2} and {@code gr3}, which
 * {@code await asyncio.sleep(...)}. While a task waits, the loop's thread is free to run the other tasks, so three
 * waits of 2, 2 and 1 units end after about 2 units, not 5.
 */
public final class Waits {

    /** gr1's first line. */
    public static final String GR1_STARTED = "gr1 started work";
    /** gr1's last line, 2 units after its first. */
    public static final String GR1_ENDED = "gr1 ended work";
    /** gr2's first line. */
    public static final String GR2_STARTED = "gr2 started work";
    /** gr2's last line, 2 units after its first. */
    public static final String GR2_ENDED = "gr2 ended work";
    /** gr3's first line. */
    public static final String GR3_STARTED = "Let's do some stuff while the coroutines are blocked";
    /** gr3's last line, 1 unit after its first. */
    public static final String GR3_DONE = "Done!";

    private Waits() {
    }

    /**
     * One task on {@code loop} that prints {@code first}, waits {@code wait}, then prints {@code last}: a coroutine
     * {@code print(first); await asyncio.sleep(wait); print(last)}. Returns at once, without waiting.
     *
     * <p>Both lines are printed on the loop's thread, never on the calling thread or another executor's thread.
     * {@code last} is printed no earlier than {@code wait} after {@code first} (a zero wait prints it next, after
     * the tasks already queued). The wait does not block the loop's thread: while it lasts, the loop runs the
     * other tasks it is given.
     *
     * @param loop  the event loop: an executor that runs its tasks one at a time on one thread
     * @param first the line printed first
     * @param wait  how long to wait between the lines, zero or more
     * @param last  the line printed after the wait
     * @param out   where the lines are printed
     * @return a future that completes normally once {@code last} has been printed
     */
    public static CompletableFuture<Void> work(Executor loop, String first, Duration wait, String last,
            Consumer<String> out) {
        // TODO Waits.work: Print `first` in a task on the loop; once that is done, print `last` in a task on the loop `wait` later,
        //   without blocking the loop's thread meanwhile.
        throw new UnsupportedOperationException("TODO Waits.work");
    }

    /**
     * Creates the three tasks of the practical on {@code loop}, in this order, and returns at once: gr1
     * ({@link #GR1_STARTED}, 2 units, {@link #GR1_ENDED}), gr2 ({@link #GR2_STARTED}, 2 units, {@link #GR2_ENDED}) and
     * gr3 ({@link #GR3_STARTED}, 1 unit, {@link #GR3_DONE}), each as {@link #work} describes.
     *
     * <p>The waits overlap: the three first lines come first, in that order, then {@link #GR3_DONE}, then the two
     * ended lines; all three tasks are done about 2 units after the call, not 5.
     *
     * @param loop the event loop
     * @param unit the time unit of the waits
     * @param out  where the lines are printed
     * @return a future that completes normally once all three tasks are done
     */
    public static CompletableFuture<Void> all(Executor loop, Duration unit, Consumer<String> out) {
        // TODO Waits.all: Create gr1, gr2 and gr3 on the loop and return a future of all three.
        throw new UnsupportedOperationException("TODO Waits.all");
    }
}
