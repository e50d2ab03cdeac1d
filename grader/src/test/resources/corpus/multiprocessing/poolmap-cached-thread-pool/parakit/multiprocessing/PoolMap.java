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
        // A cached pool makes as many threads as it needs, so every input gets going at once.
        try (ExecutorService pool = Executors.newCachedThreadPool()) {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                futures.add(pool.submit(() -> f.apply(input)));
            }
            List<R> results = new ArrayList<>(inputs.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
