package parakit.futures;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Q6. What happens to an exception thrown in a task: Python's {@code Future.result()}, which raises the task's
 * exception again in the caller, and {@code Future.exception()}, which returns it. A Java {@link Future} keeps the
 * exception too, but {@link Future#get()} throws it wrapped in an {@link ExecutionException} (its cause is the
 * original object); since Java 19, {@link Future#exceptionNow()} returns it as it is from a future that failed.
 *
 * <p>Both methods work on any {@link Future} (of an executor, a {@code FutureTask}, a {@code CompletableFuture}),
 * wait for it without a time limit and for a signal (they do not poll), and leave the future as it is (they
 * cancel nothing).
 */
public final class TaskErrors {

    private TaskErrors() {
    }

    /**
     * Waits until the task has ended and returns its result; if the task threw, throws the exception it threw:
     * the same object, not the {@link ExecutionException} that {@code get()} wraps it in (an exception the task
     * threw is unwrapped once, so a task that itself throws an {@code ExecutionException} gets that one back).
     *
     * @return the task's result ({@code null} if it returned {@code null})
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException  if the calling thread is interrupted while it waits; the task is not cancelled
     * @throws Exception             the task's own exception, if it threw one; an {@link Error} the task threw is
     *                               thrown as it is too. (A future can also fail with a {@code Throwable} that is
     *                               neither: {@code CompletableFuture.completeExceptionally(new Throwable())}. Such
     *                               a cause cannot be thrown as an {@code Exception}: the {@code ExecutionException}
     *                               is thrown then.)
     */
    public static <T> T result(Future<T> future) throws Exception {
        // TODO TaskErrors.result: Wait for the task's result and return it; if the task threw, throw the task's own exception instead (see
        //   the Javadoc above for what exactly).
        throw new UnsupportedOperationException("TODO TaskErrors.result");
    }

    /**
     * Waits until the task has ended and returns the exception it threw (the same object), or {@code null} if it
     * returned normally.
     *
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException  if the calling thread is interrupted while it waits; the task is not cancelled
     */
    public static Throwable exception(Future<?> future) throws InterruptedException {
        // TODO TaskErrors.exception: Wait for the task to end, then return the exception it threw, or null if it returned normally.
        throw new UnsupportedOperationException("TODO TaskErrors.exception");
    }
}
