package parakit.threading;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q5. An event: a flag that threads can wait for, Python's {@code threading.Event}. The JDK has no class
 * of that name ({@code CountDownLatch(1)} is a one-shot event that cannot be cleared); this one is built
 * from the two primitives every blocking class in {@code java.util.concurrent} is built from: a lock and a
 * condition.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #set()} releases every thread waiting at that moment, and makes later waits return at once
 *       until {@link #clear()} is called.</li>
 *   <li>A wait returns {@code true} only if the flag was set when it returned; a timed wait returns
 *       {@code false} once about its timeout has passed with the flag clear.</li>
 *   <li>No signal is lost: a {@link #set()} that happens before a wait begins is seen by that wait.</li>
 * </ul>
 * Memory effects: actions before {@link #set()} happen-before the return of a wait that sees the flag set.
 */
public final class Event {

    // >>> SOLUTION Event.state
    // Declare the state: the flag, a lock that guards it, and a condition of that lock that waiters wait on
    // (java.util.concurrent.locks: ReentrantLock and lock.newCondition()).
    // stub:
    private final Lock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean flag;
    // <<< SOLUTION

    /** Sets the flag and wakes every waiting thread. */
    public void set() {
        // >>> SOLUTION Event.set
        // Under the lock: set the flag, then wake ALL waiters (signalAll; signal wakes only one of them).
        lock.lock();
        try {
            flag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /** Clears the flag: later waits block until the next {@link #set()}. */
    public void clear() {
        // >>> SOLUTION Event.clear
        // Under the lock: clear the flag.
        lock.lock();
        try {
            flag = false;
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        // >>> SOLUTION Event.isSet
        // Under the lock: return the flag.
        // stub: return false;
        lock.lock();
        try {
            return flag;
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /**
     * Waits until the flag is set; returns at once if it already is.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        // >>> SOLUTION Event.await
        // Under the lock: while the flag is clear, wait on the condition. Check the flag BEFORE the first wait
        // (a set() that came earlier must not be missed) and again after every wake-up (use while, not if).
        lock.lock();
        try {
            while (!flag) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /**
     * Waits until the flag is set or about {@code timeout} has passed.
     *
     * @return {@code true} if the flag is set, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        // >>> SOLUTION Event.awaitTimeout
        // As await(), but never wait past the timeout in total: keep the time that is left (awaitNanos returns
        // it) and return false once none is left and the flag is still clear; return true as soon as it is set.
        // stub: return false;
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!flag) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }
}
