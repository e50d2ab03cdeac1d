package parakit.multiprocessing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
            CompletionService<R> done = new ExecutorCompletionService<>(pool);
            for (T input : inputs) {
                done.submit(() -> f.apply(input));
            }
            // Take each result as soon as it is ready: no call waits for a slower one.
            List<R> results = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                results.add(done.take().get());
            }
            return results;
        }
    }
}
