package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q6. A counter that many threads increment at once without losing a single increment.
 *
 * <p>{@code value++} on a field is three steps (read, add, write). Two threads that read the same old
 * value both write back old + 1, and one increment is lost. An explicit {@link Lock} makes the three
 * steps one critical section.
 *
 * <p>Invariant: after {@code n} calls to {@link #increment()} have returned, in any threads,
 * {@link #value()} returns at least {@code start + n}, and exactly that once no call is running.
 */
public final class Counter {

    // >>> SOLUTION Counter.lock
    // Declare the explicit lock that guards value (java.util.concurrent.locks).
    // stub:
    private final Lock lock = new ReentrantLock();
    // <<< SOLUTION
    private long value;

    /** A counter that starts at {@code start}. */
    public Counter(long start) {
        this.value = start;
    }

    /** Adds one. Safe to call from any number of threads at once; the lock is never left held when it returns or throws. */
    public void increment() {
        // >>> SOLUTION Counter.increment
        // Add one to value while holding the lock.
        lock.lock();
        try {
            value = value + 1;
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /** The current value, read under the same lock so that the read sees every completed increment. */
    public long value() {
        // >>> SOLUTION Counter.value
        // Return value, read while holding the lock.
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }
}
