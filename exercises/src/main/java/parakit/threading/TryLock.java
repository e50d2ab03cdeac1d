package parakit.threading;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * Q7. Acquiring a lock without blocking. {@link Lock#tryLock()} takes the lock if it is free and otherwise
 * returns {@code false} at once, so the thread can do something else (here: count, pause and try again)
 * instead of waiting. Python writes the same as {@code lock.acquire(blocking=False)}.
 */
public final class TryLock {

    private TryLock() {
    }

    /**
     * Tries to take {@code lock} with {@link Lock#tryLock()} until it succeeds, sleeping {@code pause}
     * between two failed attempts (never blocking in {@code lock()}), and releases it again.
     *
     * <p>Invariants: the first attempt is made at once, so a free lock needs exactly one attempt; there is
     * at least {@code pause} between two attempts, so a lock held for a time {@code h} needs at most about
     * {@code h / pause + 1} attempts; when the method returns, the calling thread does not hold the lock.
     *
     * @return the number of attempts, counting the successful one
     * @throws InterruptedException if interrupted while pausing (the attempts end then, and the lock is not held)
     */
    public static int attemptsUntilAcquired(Lock lock, Duration pause) throws InterruptedException {
        // TODO TryLock.attemptsUntilAcquired: Loop: count an attempt and call lock.tryLock(); if it returned true, unlock and return the count;
        //   otherwise sleep for pause and try again. Never call lock.lock(): it would wait instead of counting.
        throw new UnsupportedOperationException("TODO TryLock.attemptsUntilAcquired");
    }
}
