package parakit.futures;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Q2. What a {@link Future} says about its task before, while and after it runs: the Java counterpart of printing a
 * {@code concurrent.futures.Future} ({@code <Future at 0x... state=running>}, then {@code state=finished returned
 * float}).
 */
public final class FutureState {

    private FutureState() {
    }

    /**
     * What {@link #submitAndWait} saw: the future's description right after the task was submitted, the task's
     * result, and the description once that result was there.
     *
     * @param before the description of the future right after {@code submit} returned
     * @param result the task's result
     * @param after  the description of the future after its result was obtained
     * @param <T>    the type of the result
     */
    public record Trace<T>(String before, T result, String after) {
    }

    /**
     * Describes the future's state in one line, without waiting and without throwing:
     * <ul>
     * <li>{@code "running"} while the task has not completed (Java does not tell a task still in the queue from one
     * that runs: both are {@link Future.State#RUNNING});</li>
     * <li>{@code "finished returned " + result} once it completed with a result ({@code String.valueOf} of it, so a
     * {@code null} result reads {@code "finished returned null"});</li>
     * <li>{@code "finished raised " + exception} once it completed by throwing, where {@code exception} is the
     * {@code toString()} of the exception the task itself threw (not of a wrapper such as
     * {@link ExecutionException});</li>
     * <li>{@code "cancelled"} once it was cancelled.</li>
     * </ul>
     * Works for any {@link Future} (one from an {@link ExecutorService}, a {@code FutureTask}, a
     * {@code CompletableFuture}). It returns at once, also while the task runs, and leaves the future unchanged.
     *
     * @param future the future, not {@code null}
     * @return the description
     */
    public static String describe(Future<?> future) {
        // >>> SOLUTION FutureState.describe
        // Describe the future's state as the contract says, without waiting for the task and without throwing.
        return switch (future.state()) {
            case RUNNING -> "running";
            case SUCCESS -> "finished returned " + future.resultNow();
            case FAILED -> "finished raised " + future.exceptionNow();
            case CANCELLED -> "cancelled";
        };
        // <<< SOLUTION
    }

    /**
     * Submits {@code task} to {@code pool}, describes the future at once, waits for the result without a time
     * limit, and describes the future again: the practical's "future", "result", "future after result".
     *
     * <p>The pool belongs to the caller and is left running. The task runs once, in the pool.
     *
     * @param pool the pool that runs the task
     * @param task the task
     * @param <T>  the type of the result
     * @return the two descriptions and the result; {@code before} is {@code "running"} when the task had not ended
     *         by the time {@code submit} returned
     * @throws ExecutionException   if the task threw; its cause is the exception the task threw
     * @throws InterruptedException if the calling thread is interrupted while it waits for the result (the task
     *                              is left to run)
     */
    public static <T> Trace<T> submitAndWait(ExecutorService pool, Callable<T> task)
            throws InterruptedException, ExecutionException {
        // >>> SOLUTION FutureState.submitAndWait
        // Submit the task, describe its future, wait for the result, describe the future again.
        Future<T> future = pool.submit(task);
        String before = describe(future);
        T result = future.get();
        return new Trace<>(before, result, describe(future));
        // <<< SOLUTION
    }
}
