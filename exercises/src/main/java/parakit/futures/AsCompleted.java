package parakit.futures;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Q3. The Java counterpart of {@code concurrent.futures.as_completed(futures)}: the futures of a batch of tasks, in
 * the order the tasks complete, each as soon as it has.
 */
public final class AsCompleted {

    private AsCompleted() {
    }

    /**
     * Submits every task to {@code pool} and returns at once, before the tasks have completed, with an iterator
     * over their futures in the order the tasks complete.
     *
     * <p>Each task runs once, in the pool. The pool belongs to the caller and is left running.
     *
     * <p>The iterator delivers every task's future exactly once: one that completed with a result and one that
     * completed by throwing alike (its {@code get()} then throws the {@link java.util.concurrent.ExecutionException}).
     * {@link Iterator#hasNext()} never waits and is true until all {@code tasks.size()} futures have been delivered.
     * {@link Iterator#next()} returns a future whose task has completed, the earliest completed one not delivered
     * yet, waiting for a signal (without a time limit and without polling) when none has. If the thread that calls
     * {@code next()} is interrupted while it waits, {@code next()} throws a {@link CompletionException} whose cause
     * is an {@link InterruptedException}, with the thread's interrupt status set again, and delivers nothing. After
     * the last future, {@code next()} throws {@link NoSuchElementException}. The iterator is meant for one thread.
     *
     * @param pool  the pool that runs the tasks
     * @param tasks the tasks, read before this method returns and not modified; may be empty
     * @param <T>   the type of the results
     * @return an iterator over the tasks' futures in completion order
     */
    public static <T> Iterator<Future<T>> submitAll(ExecutorService pool, List<? extends Callable<T>> tasks) {
        // TODO AsCompleted.submitAll: Submit every task so that each completed future can be handed over as soon as its task completes, and
        //   return an iterator that delivers them in that order, each exactly once, as the contract says.
        throw new UnsupportedOperationException("TODO AsCompleted.submitAll");
    }
}
