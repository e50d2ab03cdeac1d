package parakit.multiprocessing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Q5. A parallel map on a fixed pool of workers: the Java counterpart of Python's
 * {@code multiprocessing.Pool(processes=n).map(f, inputs)}. Java threads run on several cores at once (the JVM
 * has no global interpreter lock), so a pool of threads, not of processes, spreads CPU-bound work over the
 * cores.
 */
public final class PoolMap {

    private PoolMap() {
    }

    /**
     * Applies {@code f} to every element of {@code inputs} on a new pool of {@code workers} threads, waits for
     * all the results, and returns them in input order.
     *
     * <p>Threads: {@code f} is called once per input, in the pool's threads, never in the calling thread. At most
     * {@code workers} calls of {@code f} run at the same time; when there are at least {@code workers} inputs,
     * {@code workers} calls do run at the same time (a call does not wait for the previous one to finish).
     *
     * <p>The pool is shut down before this method returns or throws, whatever happened: once it has returned,
     * every call of {@code f} has ended and the pool's threads end too (none is left behind idle).
     *
     * <p>Memory consistency: actions in a call of {@code f} happen-before this method returns its result.
     *
     * @param workers the number of worker threads, at least 1
     * @param inputs  the inputs, read but not modified; may be empty
     * @param f       the function; it must be safe to call from several threads at once
     * @param <T>     the type of the inputs
     * @param <R>     the type of the results
     * @return a new list of the same size as {@code inputs} whose element {@code i} is
     *         {@code f.apply(inputs.get(i))} (a {@code null} result stays {@code null})
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws ExecutionException       if a call of {@code f} threw; its cause is the exception {@code f} threw
     *                                  for the first such input in input order. Calls not yet started at that point
     *                                  may be skipped; the pool is shut down before this is thrown
     * @throws InterruptedException     if the calling thread is interrupted while it waits for a result; the pool
     *                                  is shut down before this is thrown
     */
    public static <T, R> List<R> map(int workers, List<T> inputs, Function<? super T, ? extends R> f)
            throws InterruptedException, ExecutionException {
        // TODO PoolMap.map: Reject workers < 1 with an IllegalArgumentException. Create a fixed pool of `workers` threads in a
        //   try-with-resources statement (since Java 19, ExecutorService.close() shuts the pool down and waits for
        //   it). Submit one task per input first, keeping the Futures in input order; only then collect the
        //   results with Future.get(), in that same order. Getting each result right after its submit would run
        //   the calls one at a time.
        throw new UnsupportedOperationException("TODO PoolMap.map");
    }
}
