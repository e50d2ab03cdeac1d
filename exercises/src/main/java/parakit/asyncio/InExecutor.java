package parakit.asyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Q4. Blocking calls run in an executor from asynchronous code: the practical's
 * {@code loop.run_in_executor(executor, task, i)}. The event loop must never block, so a call that blocks (a
 * library without an asynchronous version, a sleep, a file read) runs on a pool of threads of its own, and its
 * result comes back to the loop as a future.
 */
public final class InExecutor {

    private InExecutor() {
    }

    /**
     * Runs every task of {@code tasks} on a new pool of {@code threads} platform threads and returns at once, without
     * waiting for any of them; it may be called on the loop's thread.
     *
     * <p>Threads: each task is called once, on a thread of the new pool, never on the loop's thread or the caller's.
     * At most {@code threads} tasks run at the same time; with at least {@code threads} tasks, {@code threads} of them
     * do run at the same time. While the tasks block, the loop's thread stays free: this method and the code it runs
     * on the loop never block it.
     *
     * <p>Results: each result is handed back to the loop, which appends it to the list of results; the list is in
     * the order in which the tasks finished. The returned future completes normally, on the loop's thread, with that
     * list once every task has finished. If a task throws, the returned future completes exceptionally, its cause
     * being the exception the task threw (the other tasks still run).
     *
     * <p>The pool is shut down without blocking anything: it takes no more tasks once these are handed over, and
     * once the returned future has completed, normally or not, the pool's threads end (none is left behind idle).
     *
     * @param loop    the event loop: an executor that runs its tasks one at a time on one thread
     * @param threads the number of threads of the pool, at least 1
     * @param tasks   the blocking tasks; may be empty
     * @param <R>     the type of the results
     * @return a future of the results in the order the tasks finished
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static <R> CompletableFuture<List<R>> runAll(Executor loop, int threads, List<Supplier<R>> tasks) {
        // TODO InExecutor.runAll: Make a pool of `threads` threads and hand each task to it; hand each result back to the loop, where it
        //   joins the list. Return a future of the list, completed on the loop once all tasks are done. The pool ends
        //   once its tasks are done, and nothing here waits for them.
        throw new UnsupportedOperationException("TODO InExecutor.runAll");
    }
}
