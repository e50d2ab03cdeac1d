package parakit.futures;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Q7. An executor's lifetime: Python's {@code with ThreadPoolExecutor(...) as ex:} block, which waits for every
 * submitted task when it is left, against a pool that is left open. In Java (19+) an {@link ExecutorService} is
 * {@link AutoCloseable}: leaving a try-with-resources block calls {@link ExecutorService#close()}, which shuts the
 * pool down and waits until every submitted task has ended. A pool that is never shut down keeps its threads,
 * and the threads of {@link Executors#newFixedThreadPool} are not daemons: they keep the JVM alive.
 */
public final class PoolScope {

    private PoolScope() {
    }

    /**
     * Runs every task on a new pool of {@code workers} threads and returns once every task has ended.
     *
     * <p>The tasks run in the pool's threads, up to {@code workers} at once; a task that throws does not stop the
     * others. When this method returns, the pool is shut down and its threads end.
     *
     * <p>If the calling thread is interrupted while it waits, the tasks still running are interrupted and tasks not
     * yet started are not run; the method still waits until the running ones have ended, then returns with the
     * calling thread's interrupt status set.
     *
     * @param workers the number of threads, at least 1
     * @param tasks   the tasks; may be empty
     * @return how many of the tasks threw an exception
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static int runAll(int workers, List<? extends Callable<?>> tasks) {
        // >>> SOLUTION PoolScope.runAll
        // Run the tasks on a new pool of `workers` threads whose lifetime is a try-with-resources block, then count
        // the tasks that failed (Future.state()).
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (Callable<?> task : tasks) {
                futures.add(pool.submit(task));
            }
        }
        int failed = 0;
        for (Future<?> f : futures) {
            if (f.state() == Future.State.FAILED) {
                failed++;
            }
        }
        return failed;
        // <<< SOLUTION
    }

    /**
     * Starts a new pool of {@code workers} threads, submits every task to it, and returns the pool at once, open,
     * without waiting for the tasks (Python's {@code ex = ThreadPoolExecutor(...)} without a {@code with} block).
     *
     * <p>The caller owns the pool and must close it. Its threads are ordinary (non-daemon) threads: as long as it is
     * open, the JVM does not exit, even after every task has ended.
     *
     * @param workers the number of threads, at least 1
     * @param tasks   the tasks; may be empty
     * @return the pool, not shut down, with every task submitted
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static ExecutorService startInBackground(int workers, List<? extends Callable<?>> tasks) {
        // >>> SOLUTION PoolScope.startInBackground
        // Start the pool, submit the tasks, and hand the open pool to the caller.
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (Callable<?> task : tasks) {
            pool.submit(task);
        }
        return pool;
        // <<< SOLUTION
    }
}
