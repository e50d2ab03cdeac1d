package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 7, title = "Non-blocking acquire")
@Requires(type = Lock.class, method = "tryLock", in = "TryLock.attemptsUntilAcquired",
        why = "attemptsUntilAcquired must try the lock without blocking: Lock.tryLock()")
@Forbids(type = Lock.class, method = "lock", in = "TryLock.attemptsUntilAcquired",
        why = "attemptsUntilAcquired must not block in lock(): the point is to count attempts instead of waiting")
class TryLockHiddenTest {

    private static final Duration PAUSE = Duration.ofMillis(20);

    /** Runs attemptsUntilAcquired on a worker while the test thread holds the lock for holdMillis. */
    private static long[] attemptsWhileHeld(ReentrantLock lock, long holdMillis) throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger(-1);
        AtomicLong tookMillis = new AtomicLong();
        lock.lock();
        Thread worker;
        long held;
        try {
            worker = Thread.ofPlatform().name("trier").start(() -> {
                long begin = System.nanoTime();
                try {
                    attempts.set(TryLock.attemptsUntilAcquired(lock, PAUSE));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tookMillis.set((System.nanoTime() - begin) / 1_000_000);
            });
            long begin = System.nanoTime();
            Thread.sleep(holdMillis);
            held = (System.nanoTime() - begin) / 1_000_000;
        } finally {
            lock.unlock();
        }
        Await.joined(Duration.ofSeconds(5), worker);
        assertThat(attempts.get()).as("attemptsUntilAcquired returned no attempt count (it threw, or returned < 1)")
                .isPositive();
        return new long[] {attempts.get(), tookMillis.get(), held};
    }

    @Test
    @Hint("Count every attempt, the successful one included: a free lock needs exactly one attempt (start the "
            + "count at 0 and add one before each tryLock()).")
    void aFreeLockNeedsExactlyOneAttempt() throws InterruptedException {
        assertThat(TryLock.attemptsUntilAcquired(new ReentrantLock(), PAUSE)).as("attempts on a free lock").isEqualTo(1);
    }

    @Test
    @Points(2)
    @Hint("After a successful tryLock() the method must unlock() before returning: a lock left held blocks "
            + "every other thread for good.")
    void theLockIsFreeAfterwards() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        TryLock.attemptsUntilAcquired(lock, PAUSE);
        attemptsWhileHeld(lock, 60);
        assertThat(lock.isLocked()).as("the lock is still held after attemptsUntilAcquired returned").isFalse();
    }

    @Test
    @Points(2)
    @Hint("While another thread holds the lock, tryLock() fails and the worker must keep trying (count, pause, "
            + "retry): several attempts, not one blocking lock().")
    void aHeldLockNeedsSeveralAttempts() throws InterruptedException {
        long[] r = attemptsWhileHeld(new ReentrantLock(), 300);
        // 300 ms held, 20 ms pauses: about 15 attempts; even on a loaded machine clearly more than 2.
        assertThat(r[0]).as("attempts while the lock was held for %d ms with %d ms pauses", r[2], PAUSE.toMillis())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Points(2)
    @Hint("Pause between attempts (Thread.sleep(pause)): retrying without a pause spins, burning a whole core "
            + "while another thread holds the lock.")
    void attemptsArePausedAndGrowWithTheHoldTime() throws InterruptedException {
        long[] r = attemptsWhileHeld(new ReentrantLock(), 400);
        // At least `pause` between two attempts: never more than took/pause + 2 (sleep never returns early).
        long upper = r[1] / PAUSE.toMillis() + 2;
        assertThat(r[0]).as("attempts in %d ms with %d ms pauses (at most %d if it pauses)", r[1], PAUSE.toMillis(), upper)
                .isLessThanOrEqualTo(upper);
    }
}
