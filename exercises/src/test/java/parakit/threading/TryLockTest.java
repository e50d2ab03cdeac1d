package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q7 (TryLock). The grader runs more, hidden ones. */
@Timeout(10)
class TryLockTest {

    @Test
    @Hint("Count every attempt, the successful one too, and do not keep the lock: see the lesson's Q7.")
    void aFreeLockNeedsOneAttemptAndIsFreeAfterwards() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        assertThat(TryLock.attemptsUntilAcquired(lock, Duration.ofMillis(10))).as("attempts on a free lock").isEqualTo(1);
        assertThat(lock.isLocked()).as("lock still held after attemptsUntilAcquired returned").isFalse();
    }

    @Test
    @Hint("While another thread holds the lock, an attempt fails at once: count it, pause, try again (see the "
            + "lesson's Q7).")
    void aHeldLockNeedsSeveralAttempts() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger attempts = new AtomicInteger();
        lock.lock();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                attempts.set(TryLock.attemptsUntilAcquired(lock, Duration.ofMillis(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(200);
        lock.unlock();
        worker.join(5_000);
        assertThat(attempts.get()).as("attempts while another thread held the lock for 200 ms").isGreaterThan(1);
    }
}
