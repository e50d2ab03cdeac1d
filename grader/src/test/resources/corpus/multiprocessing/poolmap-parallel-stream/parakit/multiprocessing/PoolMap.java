package parakit.multiprocessing;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

public final class PoolMap {

    private PoolMap() {
    }

    public static <T, R> List<R> map(int workers, List<T> inputs, Function<? super T, ? extends R> f)
            throws InterruptedException, ExecutionException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        // A parallel stream keeps the order and spreads the work over the cores by itself.
        return inputs.parallelStream().<R>map(f).toList();
    }
}
