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
            List<R> results = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                Future<R> future = pool.submit(() -> f.apply(input));
                results.add(future.get()); // waits for this call before the next one is submitted
            }
            return results;
        }
    }
}
