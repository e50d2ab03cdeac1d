package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;

/** Hidden tests for Q8. Run under -Xint so that a lock that lets two threads in loses updates every time. */
@Question(section = "threading", number = 8, title = "Reentrant and non-reentrant locks", jvmArgs = "-Xint")
@Forbids(type = ReentrantLock.class, method = "*", in = "NonReentrantLock.lock",
        why = "build the lock yourself (an owner field and wait/notify, or park/unpark); wrapping a ReentrantLock "
                + "keeps its reentrancy")
class NonReentrantLockHiddenTest {

    @Test
    @Points(2)
    @Hint("The lock must not be reentrant: while a thread owns it, tryLock() returns false in every thread, the "
            + "owner included. Do not let the owner in again (no hold count, no 'owner == me' shortcut).")
    void theOwnersSecondTryLockFails() {
        NonReentrantLock lock = new NonReentrantLock();
        assertThat(lock.tryLock()).as("first tryLock() of a free lock").isTrue();
        try {
            assertThat(lock.tryLock()).as("second tryLock() by the owner").isFalse();
        } finally {
            lock.unlock();
        }
        assertThat(NonReentrantLock.secondTryLockSucceeds(new NonReentrantLock())).isFalse();
        assertThat(NonReentrantLock.secondTryLockSucceeds(new ReentrantLock())).as("a ReentrantLock taken twice").isTrue();
    }

    @Test
    @Hint("secondTryLockSucceeds must release every hold it took: after it returns, the lock is free again "
            + "(a reentrant lock taken twice needs two unlock() calls).")
    void secondTryLockSucceedsLeavesTheLockFree() {
        ReentrantLock reentrant = new ReentrantLock();
        NonReentrantLock.secondTryLockSucceeds(reentrant);
        assertThat(reentrant.isLocked()).as("ReentrantLock held after secondTryLockSucceeds").isFalse();
        NonReentrantLock own = new NonReentrantLock();
        NonReentrantLock.secondTryLockSucceeds(own);
        assertThat(own.tryLock()).as("NonReentrantLock free after secondTryLockSucceeds").isTrue();
        own.unlock();
    }

    @Test
    @Points(2)
    @Hint("A thread blocked in lock() must wait without using the processor (wait() on a monitor, or park), "
            + "not spin in a loop.")
    void aBlockedLockWaitsWithoutSpinning() {
        NonReentrantLock lock = new NonReentrantLock();
        lock.lock();
        AtomicBoolean entered = new AtomicBoolean();
        Thread other = Thread.ofPlatform().name("second").start(() -> {
            lock.lock();
            entered.set(true);
            lock.unlock();
        });
        try {
            Await.untilBlocked(Duration.ofSeconds(3), other);
            assertThat(entered).as("the second thread got in while the first held the lock").isFalse();
        } finally {
            lock.unlock();
        }
        Await.joined(Duration.ofSeconds(3), other);
        assertThat(entered).as("the second thread got the lock once it was free").isTrue();
    }

    @Test
    @Hint("unlock() by a thread that does not own the lock must throw IllegalMonitorStateException and leave "
            + "the lock held by its owner.")
    void onlyTheOwnerMayUnlock() {
        NonReentrantLock lock = new NonReentrantLock();
        lock.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread intruder = Thread.ofPlatform().name("intruder").start(() -> {
            try {
                lock.unlock();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Await.joined(Duration.ofSeconds(3), intruder);
        try {
            assertThat(thrown.get()).as("what unlock() by a non-owner threw").isInstanceOf(IllegalMonitorStateException.class);
            AtomicBoolean got = new AtomicBoolean(true);
            Thread probe = Thread.ofPlatform().name("probe").start(() -> got.set(lock.tryLock()));
            Await.joined(Duration.ofSeconds(3), probe);
            assertThat(got).as("another thread could take the lock after a non-owner's unlock()").isFalse();
        } finally {
            lock.unlock();
        }
    }

    @Test
    @Points(3)
    @Hint("Mutual exclusion failed: two threads were inside at once. After a wake-up, check again that the lock "
            + "is free (while, not if) before taking it; take and test ownership under the same monitor.")
    void neverTwoOwnersAtOnce() {
        NonReentrantLock lock = new NonReentrantLock();
        int threads = 4;
        int rounds = 20_000;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        long[] counter = {0};
        CyclicBarrier gate = new CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = Thread.ofPlatform().name("contender-" + t).start(() -> {
                try {
                    gate.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    try {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        // Give the processor away while holding the lock: the others pile up in lock(),
                        // so that every unlock() has waiters to wake.
                        Thread.yield();
                        counter[0]++;
                        inside.decrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                }
            });
        }
        Await.joined(Duration.ofSeconds(8), ts);
        assertThat(overlaps.get()).as("times two threads held the lock at once").isZero();
        assertThat(counter[0]).as("increments made under the lock").isEqualTo((long) threads * rounds);
    }
}
