package parakit.threading;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q8. A mutual-exclusion lock that the thread holding it cannot take a second time: Python's
 * {@code threading.Lock}, where every lock built into Java ({@code synchronized}, {@link ReentrantLock},
 * the write lock of a {@code ReentrantReadWriteLock}) behaves like Python's {@code RLock}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>At most one thread owns the lock at any moment. The owner is the thread whose {@link #lock()}
 *       returned, or whose {@link #tryLock()} returned {@code true}, and that has not called
 *       {@link #unlock()} since.</li>
 *   <li>The lock has no hold count: while a thread owns it, {@link #tryLock()} returns {@code false} in
 *       every thread, the owner included, and {@link #lock()} blocks in every thread, the owner included
 *       (so an owner that calls {@code lock()} again waits for itself forever, as with Python's
 *       {@code Lock}).</li>
 *   <li>Only the owner may {@link #unlock()}; any other call throws {@link IllegalMonitorStateException}
 *       and leaves the lock as it was.</li>
 *   <li>A thread blocked in {@link #lock()} waits without using a processor (its state is
 *       {@code WAITING}), and {@link #unlock()} lets one blocked thread proceed.</li>
 * </ul>
 *
 * <p>Memory effects are those of {@link Lock}: an {@code unlock()} happens-before every later successful
 * {@code lock()} or {@code tryLock()} of the same lock.
 *
 * <p>Only the three methods above are supported; {@link #lockInterruptibly()}, {@link #tryLock(long,
 * TimeUnit)} and {@link #newCondition()} throw {@link UnsupportedOperationException}.
 */
public final class NonReentrantLock implements Lock {

    /** Guards {@link #owner}; threads blocked in {@link #lock()} wait on it. Private, so no one else can notify it. */
    private final Object monitor = new Object();

    /** The owning thread, or {@code null} while the lock is free. Guarded by {@link #monitor}. */
    private Thread owner;

    /** A lock that is free. */
    public NonReentrantLock() {
    }

    /**
     * Takes the lock, waiting (without spinning) while any thread owns it, the calling thread included.
     * An interrupt does not end the wait; the thread's interrupt status is set again on return.
     */
    @Override
    public void lock() {
        synchronized (monitor) {
            boolean interrupted = false;
            while (owner != null) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            owner = Thread.currentThread();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes the lock only if no thread owns it at the time of the call.
     *
     * @return {@code true} if the calling thread now owns the lock; {@code false} if any thread,
     *         the calling thread included, already owned it
     */
    @Override
    public boolean tryLock() {
        synchronized (monitor) {
            if (owner != null) {
                return false;
            }
            owner = Thread.currentThread();
            return true;
        }
    }

    /**
     * Releases the lock and lets one thread blocked in {@link #lock()}, if any, proceed.
     *
     * @throws IllegalMonitorStateException if the calling thread does not own the lock
     */
    @Override
    public void unlock() {
        synchronized (monitor) {
            if (owner != Thread.currentThread()) {
                throw new IllegalMonitorStateException(Thread.currentThread().getName()
                        + " does not own this lock (owner: " + (owner == null ? "none" : owner.getName()) + ")");
            }
            owner = null;
            // Every waiter waits for the same thing (a free lock) and one unlock frees it for one
            // thread, so waking one is enough.
            monitor.notify();
        }
    }

    /**
     * Shows the difference between a reentrant and a non-reentrant lock: takes {@code lock} with
     * {@link Lock#lock()}, then asks for it a second time from the same thread with
     * {@link Lock#tryLock()}. Releases every hold it took before returning, so the lock is as free
     * afterwards as it was before.
     *
     * @param lock a lock that no thread holds
     * @return {@code true} for a reentrant lock (such as {@link ReentrantLock}), {@code false} for this class
     */
    public static boolean secondTryLockSucceeds(Lock lock) {
        lock.lock();
        try {
            return lock.tryLock();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Not supported by this lock.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void lockInterruptibly() {
        throw new UnsupportedOperationException("NonReentrantLock supports lock(), tryLock() and unlock() only");
    }

    /**
     * Not supported by this lock.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) {
        throw new UnsupportedOperationException("NonReentrantLock supports lock(), tryLock() and unlock() only");
    }

    /**
     * Not supported by this lock.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("NonReentrantLock supports lock(), tryLock() and unlock() only");
    }
}
