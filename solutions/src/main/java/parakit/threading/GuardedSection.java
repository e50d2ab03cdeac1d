package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Q9. One critical section, written two ways. Python's {@code with lock:} takes the lock and releases it
 * however the block ends. Java has two equivalents: an explicit {@link Lock} with {@code lock()} and
 * {@code unlock()} in {@code try}/{@code finally}, and the {@code synchronized} block, whose monitor the JVM
 * releases by itself when the block ends, normally or by an exception.
 *
 * <p>Each method runs its body while holding its own guard: at most one thread at a time is inside
 * {@link #withLock}'s body, and at most one inside {@link #withSynchronized}'s (the two guards are
 * independent: a thread inside one never keeps a thread out of the other). Whatever the body throws, an
 * {@link Error} included, reaches the caller unchanged, and the guard is free afterwards. Whether two instances
 * share their guards is not specified (sharing excludes more, and is correct too).
 */
public final class GuardedSection {

    // >>> SOLUTION GuardedSection.guards
    // Declare the two guards: an explicit Lock for withLock, and a private object to synchronize on for
    // withSynchronized. Both are fields, shared by every call and every thread.
    // stub:
    private final Lock lock = new ReentrantLock();
    private final Object monitor = new Object();
    // <<< SOLUTION

    /** Runs {@code body} while holding the explicit lock, and returns its result. */
    public <T> T withLock(Supplier<T> body) {
        // >>> SOLUTION GuardedSection.withLock
        // lock(), then run the body in try, and unlock() in finally (so an exception cannot leave it locked).
        // Let the body's exception propagate: do not catch it.
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
        // <<< SOLUTION
    }

    /** Runs {@code body} inside a {@code synchronized} block, and returns its result. No {@link Lock} here. */
    public <T> T withSynchronized(Supplier<T> body) {
        // >>> SOLUTION GuardedSection.withSynchronized
        // Run the body inside synchronized (monitor) { ... }: the JVM releases the monitor however the block
        // ends. Let the body's exception propagate.
        synchronized (monitor) {
            return body.get();
        }
        // <<< SOLUTION
    }
}
