package parakit.threading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Q11. A barrier: threads that arrive at different times all wait there and are released together once the
 * last one arrives. Python's {@code threading.Barrier(n)} is Java's {@link CyclicBarrier}. Python's
 * {@code barrier.abort()} breaks the barrier for every waiting thread ({@code BrokenBarrierError}); in Java
 * {@link CyclicBarrier#reset()} does the same, and each waiting thread gets a {@link BrokenBarrierException}.
 */
public final class StartingGate {

    /** What happened to one thread at a barrier. */
    public enum Outcome {
        /** {@code await()} returned normally: the barrier tripped. */
        PASSED,
        /** {@code await()} threw {@link BrokenBarrierException}: the barrier was broken (reset or aborted). */
        BROKEN,
        /** {@code await()} threw {@link InterruptedException}. */
        INTERRUPTED,
        /** {@code await()} gave up after its time limit. */
        TIMED_OUT
    }

    private StartingGate() {
    }

    /**
     * Starts one thread per entry of {@code arrivals}; thread {@code i} sleeps {@code arrivals.get(i)}, then
     * waits at one barrier shared by all of them, and records {@link System#nanoTime()} the moment it leaves.
     * Waits (at most 20 s) for every thread to finish.
     *
     * <p>Each call uses a barrier of its own, so calls may follow one another (or run at once) with any number of
     * arrivals; an empty list starts no thread and returns an empty array at once.
     *
     * @return the release times in nanoseconds ({@code System.nanoTime()}), thread {@code i} at index {@code i};
     *         {@code 0} for a thread that did not pass the barrier
     */
    public static long[] runTogether(List<Duration> arrivals) throws InterruptedException {
        // TODO StartingGate.runTogether: Start a thread per arrival delay: each sleeps its delay, waits at a CyclicBarrier until every thread has
        //   arrived (with a time limit of 20 s), then stores System.nanoTime() in released[i]. Return the release
        //   times once every thread has ended. No arrivals: no thread, nothing to wait for.
        throw new UnsupportedOperationException("TODO StartingGate.runTogether");
    }

    /**
     * Starts {@code waiters} threads that wait at a barrier that needs one party more than that (so it never
     * trips by itself); as soon as all of them are waiting (not after a pause of some fixed length), breaks the
     * barrier for all of them, as Python's {@code abort()} does. Waits (at most 20 s) for every thread to finish.
     * {@code abortAll(0)} starts no thread and returns an empty list.
     *
     * @return what happened to each waiting thread, in the order they were started
     */
    public static List<Outcome> abortAll(int waiters) throws InterruptedException {
        // TODO StartingGate.abortAll: Create a CyclicBarrier of waiters + 1 parties. Start the waiters: each awaits it (time limit 20 s) and
        //   records its Outcome (PASSED, or the exception it got mapped to BROKEN / INTERRUPTED / TIMED_OUT).
        //   Wait until getNumberWaiting() == waiters, then break the barrier for all with reset(). Join them all.
        throw new UnsupportedOperationException("TODO StartingGate.abortAll");
    }
}
