package parakit.futures;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Q1. The Java counterpart of {@code ThreadPoolExecutor(max_workers=n).map(f, inputs)}: the calls run at once on a
 * pool of workers, and the results come back lazily, in input order, from an iterator that waits for each one.
 */
public final class LazyMap {

    private LazyMap() {
    }

    /**
     * Starts {@code f} on every element of {@code inputs} on a new pool of {@code workers} threads and returns at
     * once, before the calls have finished, with an iterator over their results in input order.
     *
     * <p>Threads: {@code f} is called once per input, in the pool's threads, never in the calling thread; at most
     * {@code workers} calls run at the same time, and with at least {@code workers} inputs that many do. Every call
     * is submitted before this method returns, so the calls run whether or not the iterator is ever read.
     *
     * <p>The pool is shut down before this method returns, without waiting for the calls: they all still run,
     * and the pool's threads end by themselves once the last call has ended, whether or not the iterator is read.
     *
     * <p>The iterator: {@link Iterator#hasNext()} never waits, and is true until every result has been returned
     * or thrown. {@link Iterator#next()} returns the result of the next input in input order, waiting (without a
     * time limit) only until <em>that</em> call has ended, not for the later ones; the element of a call that threw
     * is a {@link CompletionException} thrown by {@code next()}, whose cause is the exception {@code f} threw, and the
     * iteration goes on with the next input after it. If the thread that calls {@code next()} is interrupted while
     * it waits, {@code next()} throws a {@link CompletionException} whose cause is an {@link InterruptedException},
     * with the thread's interrupt status set again; that element is then skipped. After the last element,
     * {@code next()} throws {@link NoSuchElementException}. The iterator is meant for one thread.
     *
     * <p>Memory consistency: actions in a call of {@code f} happen-before {@code next()} returns its result.
     *
     * @param workers the number of worker threads, at least 1
     * @param inputs  the inputs, read before this method returns and not modified; may be empty
     * @param f       the function; it must be safe to call from several threads at once
     * @param <T>     the type of the inputs
     * @param <R>     the type of the results
     * @return an iterator over {@code f(inputs.get(0))}, {@code f(inputs.get(1))}, ... (a {@code null} result stays
     *         {@code null})
     * @throws IllegalArgumentException if {@code workers < 1}, before any call of {@code f}
     */
    public static <T, R> Iterator<R> map(int workers, List<T> inputs, Function<? super T, ? extends R> f) {
        // >>> SOLUTION LazyMap.map
        // Reject workers < 1. Start every call on a new fixed pool of `workers` threads, keeping the Futures in
        // input order, and shut the pool down without waiting for the calls. Return an iterator whose next() waits
        // for the next Future in input order and turns its outcome into a result or an exception as the contract
        // says (an ExecutionException's cause, an interrupt while waiting).
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        for (T input : inputs) {
            futures.add(pool.submit(() -> f.apply(input)));
        }
        pool.shutdown();
        Iterator<Future<R>> pending = futures.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pending.hasNext();
            }

            @Override
            public R next() {
                Future<R> future = pending.next();
                try {
                    return future.get();
                } catch (ExecutionException e) {
                    throw new CompletionException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }
        };
        // <<< SOLUTION
    }
}
