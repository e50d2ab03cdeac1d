package parakit.asyncio;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Q7. Where Java goes further: the waits of the asyncio questions written as plain blocking code, one virtual thread
 * per wait. A virtual thread that blocks (sleeps, waits for a lock or the network) gives its carrier thread back to
 * the JVM's scheduler, so ten thousand waiting virtual threads cost about as little as ten thousand callbacks on an
 * event loop, while the code reads like synchronous code. A fixed pool of platform threads, by contrast, runs only
 * as many waits at once as it has threads.
 */
public final class VirtualWaits {

    private VirtualWaits() {
    }

    /**
     * Calls {@code wait} {@code tasks} times, each call on a new virtual thread of its own, all started without
     * waiting for one another, and returns once every call has returned.
     *
     * <p>Threads: every call runs on a virtual thread ({@link Thread#isVirtual()}), a different one for each call,
     * never on the calling thread. Nothing limits how many calls wait at once, so {@code tasks} calls of a blocking
     * wait of length {@code d} all end about {@code d} after the call, not {@code tasks * d}.
     *
     * <p>Interrupts: if the calling thread is interrupted while it waits for the calls, the calls still running are
     * interrupted; this method returns once they have ended, with the calling thread's interrupt status set.
     *
     * @param tasks how many calls, zero or more
     * @param wait  the blocking call; it must be safe to call from many threads at once
     */
    public static void onVirtualThreads(int tasks, Runnable wait) {
        // >>> SOLUTION VirtualWaits.onVirtualThreads
        // Start one virtual thread per call, all of them before waiting for any; return when all have ended.
        try (ExecutorService perCall = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                perCall.execute(wait);
            }
        }
        // <<< SOLUTION
    }

    /**
     * Calls {@code wait} {@code tasks} times on a new fixed pool of {@code threads} platform threads and returns once
     * every call has returned.
     *
     * <p>Threads: every call runs on one of the pool's platform threads, never on the calling thread. At most
     * {@code threads} calls run at the same time, and with at least {@code threads} tasks that many do: {@code tasks}
     * calls of a blocking wait of length {@code d} take about {@code ceil(tasks / threads)} rounds of {@code d}. The
     * pool is shut down before this method returns: its threads end.
     *
     * <p>Interrupts: as for {@link #onVirtualThreads}.
     *
     * @param threads the number of threads of the pool, at least 1
     * @param tasks   how many calls, zero or more
     * @param wait    the blocking call
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void onPlatformPool(int threads, int tasks, Runnable wait) {
        // >>> SOLUTION VirtualWaits.onPlatformPool
        // Hand every call to a fixed pool of `threads` platform threads; return when all have ended and the pool is
        // shut down.
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < tasks; i++) {
                pool.execute(wait);
            }
        }
        // <<< SOLUTION
    }
}
