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
 * independent). Whatever the body throws reaches the caller unchanged, and the guard is free afterwards.
 */
public final class GuardedSection {

    private final Lock lock = new ReentrantLock();
    private final Object monitor = new Object();

    /** Runs {@code body} while holding the explicit lock, and returns its result. */
    public <T> T withLock(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } catch (RuntimeException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} inside a {@code synchronized} block, and returns its result. No {@link Lock} here. */
    public <T> T withSynchronized(Supplier<T> body) {
        synchronized (monitor) {
            try {
                return body.get();
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
