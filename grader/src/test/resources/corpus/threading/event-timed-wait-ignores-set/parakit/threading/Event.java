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

    private final Lock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean flag;

    /** Sets the flag and wakes every waiting thread. */
    public void set() {
        lock.lock();
        try {
            flag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Clears the flag: later waits block until the next {@link #set()}. */
    public void clear() {
        lock.lock();
        try {
            flag = false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        lock.lock();
        try {
            return flag;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the flag is set; returns at once if it already is.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        lock.lock();
        try {
            while (!flag) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the flag is set or about {@code timeout} has passed.
     *
     * @return {@code true} if the flag is set, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return flag;
        } finally {
            lock.unlock();
        }
    }
}
