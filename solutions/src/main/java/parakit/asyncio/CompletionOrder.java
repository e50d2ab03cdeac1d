package parakit.asyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Q3. Tasks with different delays, run synchronously and asynchronously: the practical's {@code synchronous()} and
 * {@code asynchronous()}. Run one after another, tasks finish in the order they were started; run as tasks on an
 * event loop, whose waits overlap, they finish in the order of their delays.
 */
public final class CompletionOrder {

    private CompletionOrder() {
    }

    /**
     * Runs tasks {@code 1..n} ({@code n = delays.size()}) one after another on the calling thread: task {@code i}
     * waits {@code delays.get(i - 1)} (blocking the calling thread, as synchronous code does) and then reports
     * {@code i} to {@code done}. Returns once the last task has reported.
     *
     * <p>{@code done} is called {@code n} times, on the calling thread, with {@code 1, 2, ..., n} in this order,
     * whatever the delays; task {@code i + 1} begins only after task {@code i} has reported, so the whole run takes
     * at least the sum of the delays.
     *
     * @param delays the delays of tasks 1..n, each zero or more; may be empty
     * @param done   told the id of each task as it finishes
     * @throws InterruptedException if the calling thread is interrupted while a task waits; the tasks after it
     *                              do not run
     */
    public static void synchronous(List<Duration> delays, IntConsumer done) throws InterruptedException {
        // >>> SOLUTION CompletionOrder.synchronous
        // Run task 1, then task 2, ..., each waiting its delay here and then reporting its id.
        for (int i = 1; i <= delays.size(); i++) {
            Thread.sleep(delays.get(i - 1));
            done.accept(i);
        }
        // <<< SOLUTION
    }

    /**
     * Creates tasks {@code 1..n} ({@code n = delays.size()}) on {@code loop} at once and returns without waiting:
     * task {@code i} waits {@code delays.get(i - 1)} without blocking the loop's thread and then reports {@code i}
     * to {@code done}.
     *
     * <p>{@code done} is called {@code n} times, each time on the loop's thread, in the order in which the delays
     * end: a task with a shorter delay reports before a task with a longer one (tasks with equal delays in any
     * order). The waits overlap, so all tasks have reported about the longest delay after the call, not the sum.
     *
     * @param loop   the event loop: an executor that runs its tasks one at a time on one thread
     * @param delays the delays of tasks 1..n, each zero or more; read at once, may be empty
     * @param done   told the id of each task as it finishes
     * @return a future that completes normally once every task has reported (at once for no tasks)
     */
    public static CompletableFuture<Void> asynchronous(Executor loop, List<Duration> delays, IntConsumer done) {
        // >>> SOLUTION CompletionOrder.asynchronous
        // Create all n tasks on the loop; each reports its id on the loop once its delay is over, without blocking
        // the loop meanwhile. Return a future of them all.
        List<CompletableFuture<Void>> tasks = new ArrayList<>(delays.size());
        for (int i = 1; i <= delays.size(); i++) {
            int id = i;
            Executor later = CompletableFuture.delayedExecutor(delays.get(i - 1).toNanos(), TimeUnit.NANOSECONDS, loop);
            tasks.add(CompletableFuture.runAsync(() -> done.accept(id), later));
        }
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
        // <<< SOLUTION
    }
}
