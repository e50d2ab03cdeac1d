package parakit.threading;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q10. Producer and consumers on a condition. Consumers wait until the producer has made something
 * available; the producer adds it and wakes them. Python's {@code threading.Condition} is, in Java, a
 * {@link Condition} obtained from a {@link Lock} ({@code lock.newCondition()}); {@code wait} and
 * {@code notify_all} become {@link Condition#await()} and {@link Condition#signalAll()}.
 *
 * <p>Invariants: every published item is taken exactly once, oldest first; {@link #take()} returns only
 * with an item (never {@code null}); a publish wakes every waiting consumer, and consumers that find
 * nothing left when they wake wait again.
 *
 * @param <T> the items' type
 */
public final class SharedResource<T> {

    // >>> SOLUTION SharedResource.state
    // Declare the state: a queue of items (ArrayDeque), the lock that guards it, and a condition of that lock
    // ("an item is available") that consumers wait on.
    // stub:
    private final Deque<T> items = new ArrayDeque<>();
    private final Lock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    // <<< SOLUTION

    /** Adds {@code batch} (in order, after the items already there) and wakes every waiting consumer. */
    public void publish(List<T> batch) {
        // >>> SOLUTION SharedResource.publish
        // Under the lock: append the items, then let the waiting consumers know, so that each of them that can
        // now take an item does.
        lock.lock();
        try {
            items.addAll(batch);
            available.signalAll();
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /**
     * Removes and returns the oldest item, waiting while there is none. A waiting consumer waits for a signal of
     * the condition (it does not poll) and looks at the queue only while it holds the lock.
     *
     * @throws InterruptedException if interrupted while waiting; no item is removed then, and the lock is released
     */
    public T take() throws InterruptedException {
        // >>> SOLUTION SharedResource.take
        // Under the lock: wait on the condition until an item is available, then remove and return the oldest
        // item.
        lock.lock();
        try {
            while (items.isEmpty()) {
                available.await();
            }
            return items.removeFirst();
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }
}
