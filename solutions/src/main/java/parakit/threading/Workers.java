package parakit.threading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Q1. Starting workers: a thread is given its work (a target) and that work's argument when it is created,
 * and runs once {@link Thread#start()} is called.
 *
 * <p>Python passes {@code target=worker, args=(i,)}; Java passes a {@link Runnable}, usually a lambda that
 * captures the argument: {@code () -> target.accept(i)}. A lambda may capture only effectively final local
 * variables, so a loop counter is copied into a fresh variable per iteration first.
 */
public final class Workers {

    private Workers() {
    }

    /**
     * Starts {@code count} platform threads; worker {@code i} (for {@code i} in {@code 0..count-1}) calls
     * {@code target.accept(i)} once, in its own thread.
     *
     * <p>Returns as soon as every worker has been started, without waiting for any of them: the workers
     * run at the same time as each other and as the caller.
     *
     * <p>Worker {@code i} is the {@code i}-th thread started: it is given the value {@code i} had when it was
     * started, whenever it runs. The threads are platform threads (not virtual ones), and {@code target} runs on
     * them, never on the caller's thread.
     *
     * @return an unmodifiable list of the started threads, worker {@code i} at index {@code i}; empty, with
     *         nothing started, if {@code count} is 0
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static List<Thread> startAll(int count, IntConsumer target) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        // >>> SOLUTION Workers.startAll
        // For each i in 0..count-1: create a platform thread whose body calls target.accept(i) with its own i,
        // start it, and add it to the list. Do not wait for any worker (no join): return once all are started.
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int argument = i;
            threads.add(Thread.ofPlatform().start(() -> target.accept(argument)));
        }
        return List.copyOf(threads);
        // <<< SOLUTION
    }
}
