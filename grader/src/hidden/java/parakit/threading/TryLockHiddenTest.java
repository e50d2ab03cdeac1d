package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
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
    @Hint("Count every attempt, the successful one included: a free lock needs exactly one attempt, from whatever "
            + "thread the method is called (see the lesson's Q7).")
    @Hint(value = "When the method returns, the calling thread must not hold the lock any more: see the lesson's Q7.",
            when = "still held")
    void aFreeLockNeedsExactlyOneAttempt() throws InterruptedException {
        assertThat(TryLock.attemptsUntilAcquired(new ReentrantLock(), PAUSE)).as("attempts on a free lock").isEqualTo(1);
        for (Caller caller : Callers.all()) {
            ReentrantLock lock = new ReentrantLock();
            int attempts = caller.call(Duration.ofSeconds(3), () -> TryLock.attemptsUntilAcquired(lock, PAUSE));
            assertThat(attempts).as("attempts on a free lock from a %s", caller.describe()).isEqualTo(1);
            assertThat(lock.isLocked()).as("the lock is still held after a call from a %s", caller.describe()).isFalse();
        }
    }

    @Test
    @Hint("The first attempt is made at once: a free lock is taken without any pause (the pause is only between two "
            + "failed attempts). See the Javadoc of attemptsUntilAcquired.")
    void theFirstAttemptIsMadeAtOnce() {
        Duration longPause = Duration.ofSeconds(2);
        long begin = System.nanoTime();
        Caller.PLATFORM.call(Duration.ofSeconds(5), () -> TryLock.attemptsUntilAcquired(new ReentrantLock(), longPause));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(millis).as("ms to take a free lock with a pause of %d ms", longPause.toMillis()).isLessThan(1_000);
    }

    @Test
    @Points(2)
    @Hint("Between two attempts the thread must pause, not wait for the lock: a timed tryLock (or any wait in the "
            + "lock's queue) is waiting for the lock, which this question replaces by counting attempts. See the "
            + "lesson's Q7 on tryLock() and its timed variant.")
    void aHeldLockIsNeverWaitedFor() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger attempts = new AtomicInteger(-1);
        AtomicBoolean queued = new AtomicBoolean();
        lock.lock();
        Thread worker;
        try {
            worker = Thread.ofPlatform().name("trier").start(() -> {
                try {
                    attempts.set(TryLock.attemptsUntilAcquired(lock, PAUSE));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() - end < 0 && !queued.get()) {
                queued.set(lock.hasQueuedThread(worker));
                Thread.sleep(1);
            }
            assertThat(queued).as("the worker was seen waiting in the lock's queue while another thread held it")
                    .isFalse();
        } finally {
            lock.unlock();
        }
        Await.joined(Duration.ofSeconds(5), worker);
        assertThat(attempts.get()).as("attempts while the lock was held for 300 ms").isGreaterThan(1);
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupt while the method pauses must end it with InterruptedException: do not swallow it and "
            + "try on, and do not return a count as if the lock had been taken. See the lesson's Q7 and the Javadoc "
            + "of attemptsUntilAcquired.", when = "interrupted")
    @Hint(value = "Between two attempts the thread must pause (it was never seen pausing): retrying without a pause "
            + "spins. See the lesson's Q7.", when = "expected these threads to be waiting")
    void anInterruptWhilePausingEndsTheAttempts() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        AtomicReference<Object> outcome = new AtomicReference<>();
        lock.lock();
        Thread worker;
        try {
            worker = Thread.ofPlatform().name("trier").start(() -> {
                try {
                    outcome.set(TryLock.attemptsUntilAcquired(lock, PAUSE));
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            });
            Await.untilBlocked(Duration.ofSeconds(3), worker);
            worker.interrupt();
            try {
                Await.joined(Duration.ofSeconds(3), worker);
            } catch (AssertionError e) {
                throw new AssertionError("the interrupted worker went on trying: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
        Await.joined(Duration.ofSeconds(5), worker);
        assertThat(outcome.get()).as("what attemptsUntilAcquired returned or threw when interrupted while pausing")
                .isInstanceOf(InterruptedException.class);
        assertThat(lock.isLocked()).as("the lock after the interrupted call").isFalse();
    }

    @Test
    @Points(2)
    @Hint("When the method returns, the calling thread must not hold the lock any more: a lock left held blocks "
            + "every other thread for good. See the lesson's Q7.")
    void theLockIsFreeAfterwards() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        TryLock.attemptsUntilAcquired(lock, PAUSE);
        attemptsWhileHeld(lock, 60);
        assertThat(lock.isLocked()).as("the lock is still held after attemptsUntilAcquired returned").isFalse();
    }

    @Test
    @Points(2)
    @Hint("While another thread holds the lock, an attempt fails at once and the worker must keep trying: several "
            + "attempts, not one that waits until the lock is free. See the lesson's Q7.")
    void aHeldLockNeedsSeveralAttempts() throws InterruptedException {
        long[] r = attemptsWhileHeld(new ReentrantLock(), 300);
        // 300 ms held, 20 ms pauses: about 15 attempts; even on a loaded machine clearly more than 2.
        assertThat(r[0]).as("attempts while the lock was held for %d ms with %d ms pauses", r[2], PAUSE.toMillis())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Points(2)
    @Hint("Two attempts must be at least the given pause apart: retrying sooner (or without any pause) spins, "
            + "burning a core while another thread holds the lock. See the lesson's Q7.")
    void attemptsArePausedAndGrowWithTheHoldTime() throws InterruptedException {
        long[] r = attemptsWhileHeld(new ReentrantLock(), 400);
        // At least `pause` between two attempts: never more than took/pause + 2 (sleep never returns early).
        long upper = r[1] / PAUSE.toMillis() + 2;
        assertThat(r[0]).as("attempts in %d ms with %d ms pauses (at most %d if it pauses)", r[1], PAUSE.toMillis(), upper)
                .isLessThanOrEqualTo(upper);
    }
}
