package parakit.threading;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q12. Limiting concurrent access with a semaphore. A pool of {@code permits} slots: any number of threads
 * may call {@link #run}, but at most {@code permits} of them run their work at the same time; the others
 * wait for a slot. The pool also keeps the names of the threads that are working right now, as the
 * practical's {@code ActivePool} does, under a lock of its own.
 *
 * <p>Invariants: {@link #active()} never holds more than {@code permits} names; a slot is given back
 * however the work ends, normally or by an exception.
 */
public final class ActivePool {

    // >>> SOLUTION ActivePool.state
    // Declare the state: a Semaphore, the list of active thread names, and what guards that list.
    // stub:
    private final Semaphore slots;
    private final List<String> active = new ArrayList<>();
    private final Lock lock = new ReentrantLock();
    // <<< SOLUTION

    /** A pool with {@code permits} slots. */
    public ActivePool(int permits) {
        // >>> SOLUTION ActivePool.constructor
        // Create the semaphore with exactly `permits` permits.
        // stub:
        this.slots = new Semaphore(permits);
        // <<< SOLUTION
    }

    /**
     * Runs {@code work} in the calling thread once a slot is free: takes a slot, adds the thread's name to
     * {@link #active()}, runs the work, removes the name and gives the slot back (both also when the work
     * throws; the exception then reaches the caller).
     *
     * @throws InterruptedException if interrupted while waiting for a slot
     */
    public void run(Runnable work) throws InterruptedException {
        // >>> SOLUTION ActivePool.run
        // Run the work while holding a permit, with the current thread's name in the active list (see the Javadoc
        // above for what must hold afterwards).
        slots.acquire();
        try {
            String name = Thread.currentThread().getName();
            lock.lock();
            try {
                active.add(name);
            } finally {
                lock.unlock();
            }
            try {
                work.run();
            } finally {
                lock.lock();
                try {
                    active.remove(name);
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            slots.release();
        }
        // <<< SOLUTION
    }

    /** A snapshot of the names of the threads working right now. */
    public List<String> active() {
        // >>> SOLUTION ActivePool.active
        // Under the lock: return a copy of the list (List.copyOf).
        // stub: return List.of();
        lock.lock();
        try {
            return List.copyOf(active);
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }
}
