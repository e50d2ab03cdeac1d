package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public tests for Q7 (TryLock). The grader runs more, hidden ones. */
@Timeout(10)
class TryLockTest {

    @Test
    void aFreeLockNeedsOneAttemptAndIsFreeAfterwards() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        assertThat(TryLock.attemptsUntilAcquired(lock, Duration.ofMillis(10))).as("attempts on a free lock").isEqualTo(1);
        assertThat(lock.isLocked()).as("lock still held after attemptsUntilAcquired returned").isFalse();
    }

    @Test
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
