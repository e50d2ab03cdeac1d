package parakit.futures;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Q5. Python's {@code Future.cancel()} on a pool of workers: a task can be cancelled while it waits for a worker,
 * not once it has started. (Java's own {@link Future#cancel} marks a task that is running as cancelled too, and
 * returns {@code true} for it: this class keeps Python's meaning.)
 */
public final class CancelPending {

    // TODO CancelPending.fields: Declare the state: the pool, and whatever you need to know whether a task has started.

    /**
     * Starts a pool of {@code workers} threads.
     *
     * @param workers the number of worker threads, at least 1
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public CancelPending(int workers) {
        // TODO CancelPending.new: Start a fixed pool of `workers` threads.
        throw new UnsupportedOperationException("TODO CancelPending.new");
    }

    /**
     * Submits {@code task}: it runs once on a worker, when one is free, unless it is cancelled first. Tasks start
     * in the order they were submitted.
     *
     * @param task the task
     * @return the task's future: {@link Future#state()} is {@code SUCCESS} or {@code FAILED} once a task that ran
     *         has ended, {@code CANCELLED} once {@link #cancel} cancelled it
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown()}
     */
    public Future<?> submit(Runnable task) {
        // TODO CancelPending.submit: Submit the task so that a later cancel can tell, without a race, whether it has started.
        throw new UnsupportedOperationException("TODO CancelPending.submit");
    }

    /**
     * Cancels a task of this pool if it has not started, as Python's {@code Future.cancel()} does.
     *
     * <ul>
     * <li>A task that has not started yet is cancelled: it never runs, its future is {@code CANCELLED}, and this
     * returns {@code true}.</li>
     * <li>A task that has started (it runs, or has ended) is left alone: it is not interrupted, it runs to its end,
     * its future ends {@code SUCCESS} or {@code FAILED}, and this returns {@code false}.</li>
     * <li>A task cancelled before: {@code true} again.</li>
     * </ul>
     * It never waits for a task. A task cannot start and be cancelled both, even when a worker picks it up at the
     * moment it is cancelled.
     *
     * @param future a future returned by {@link #submit} of this object
     * @return whether the task is cancelled
     */
    public boolean cancel(Future<?> future) {
        // TODO CancelPending.cancel: Cancel the task only if it has not started, and say whether it is cancelled.
        throw new UnsupportedOperationException("TODO CancelPending.cancel");
    }

    /**
     * Shuts the pool down without waiting: no new task is accepted; the tasks submitted and not cancelled still
     * run; the pool's threads end by themselves once the last of them has ended. Returns at once.
     */
    public void shutdown() {
        // TODO CancelPending.shutdown: Shut the pool down as the contract says.
        throw new UnsupportedOperationException("TODO CancelPending.shutdown");
    }
}
