package parakit.multiprocessing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

public final class PoolMap {

    private PoolMap() {
    }

    public static <T, R> List<R> map(int workers, List<T> inputs, Function<? super T, ? extends R> f)
            throws InterruptedException, ExecutionException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                futures.add(pool.submit(() -> f.apply(input)));
            }
            List<R> results = new ArrayList<>(inputs.size());
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    results.add(null); // this input failed: no result for it
                }
            }
            return results;
        }
    }
}
