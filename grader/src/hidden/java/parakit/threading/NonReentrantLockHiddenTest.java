package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.support.Hint.Failure;
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
            + "owner included (Python's Lock, not RLock). See the lesson's Q8.")
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
    @Hint(value = "A thread blocked in lock() must wait until the owner lets go, not wake up again and again to look "
            + "(a sleep or a timed wait in a loop is polling): see the lesson's Q8 on how lock() waits.",
            when = "polling")
    @Hint(value = "A thread blocked in lock() must wait without using the processor, not spin in a loop: see the "
            + "lesson's Q8 on how lock() waits.", when = "busy-waiting")
    @Hint(value = "unlock() must let a thread that waits in lock() proceed: a waiter is not woken by itself. See "
            + "the lesson's Q8 on what unlock() does.", when = "after the unlock")
    @Hint("While one thread owns the lock, another one's lock() must not return: see the lesson's Q8.")
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
            Await.untilWaiting(Duration.ofSeconds(3), other);
            assertThat(entered).as("the second thread got in while the first held the lock").isFalse();
        } finally {
            lock.unlock();
        }
        joinedAs("the waiting thread did not get the lock after the unlock", other);
        assertThat(entered).as("the second thread got the lock once it was free").isTrue();
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupt must not end the wait in lock(): this lock's lock() is not interruptible, so the "
            + "thread keeps waiting and returns only as the owner. See the lesson's Q8 and the Javadoc of lock().",
            when = "while the test held")
    @Hint(value = "lock() must not lose the interrupt it received while it waited: set the thread's interrupt "
            + "status again before returning (the Javadoc of lock()).", when = "interrupt status")
    @Hint(value = "unlock() must let a thread that waits in lock() proceed, interrupted or not.",
            when = "after the unlock")
    @Hint(value = "A thread blocked in lock() must wait without using the processor, not spin in a loop: see the "
            + "lesson's Q8 on how lock() waits.", when = "expected these threads to be waiting")
    void anInterruptDoesNotEndTheWait() {
        NonReentrantLock lock = new NonReentrantLock();
        AtomicBoolean testHolds = new AtomicBoolean(true);
        AtomicBoolean enteredWhileHeld = new AtomicBoolean();
        AtomicBoolean entered = new AtomicBoolean();
        AtomicBoolean interruptedOnReturn = new AtomicBoolean();
        lock.lock();
        Thread other = Thread.ofPlatform().name("interrupted").start(() -> {
            lock.lock();
            enteredWhileHeld.set(testHolds.get());
            interruptedOnReturn.set(Thread.currentThread().isInterrupted());
            entered.set(true);
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException e) {
                // lock() returned without making this thread the owner: reported below
            }
        });
        try {
            Await.untilBlocked(Duration.ofSeconds(3), other);
            other.interrupt();
            // Either it waits again (its interrupt taken in: the flag is clear and it is WAITING) or it got in.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!entered.get() && !(other.getState() == Thread.State.WAITING && !other.isInterrupted())
                    && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(enteredWhileHeld).as("lock() returned in the interrupted thread while the test held the lock")
                    .isFalse();
        } finally {
            testHolds.set(false);
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException e) {
                // the interrupted thread took the lock over: reported by the check above
            }
        }
        joinedAs("the interrupted thread did not get the lock after the unlock", other);
        assertThat(interruptedOnReturn).as("the thread's interrupt status when lock() returned").isTrue();
    }

    @Test
    @Hint("unlock() by a thread that does not own the lock must throw IllegalMonitorStateException and leave "
            + "the lock held by its owner; the owner is a thread, which its name does not identify. See the "
            + "lesson's Q8 on what unlock() checks.")
    void onlyTheOwnerMayUnlock() {
        NonReentrantLock lock = new NonReentrantLock();
        lock.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // The intruder has the very same name as the owner: only the thread itself is the owner.
        Thread intruder = Thread.ofPlatform().name(Thread.currentThread().getName()).start(() -> {
            try {
                lock.unlock();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Await.joined(Duration.ofSeconds(3), intruder);
        try {
            assertThat(thrown.get()).as("what unlock() by a non-owner (of the owner's name) threw")
                    .isInstanceOf(IllegalMonitorStateException.class);
            AtomicBoolean got = new AtomicBoolean(true);
            Thread probe = Thread.ofPlatform().name("probe").start(() -> got.set(lock.tryLock()));
            Await.joined(Duration.ofSeconds(3), probe);
            assertThat(got).as("another thread could take the lock after a non-owner's unlock()").isFalse();
        } finally {
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException e) {
                // the intruder's unlock() freed the lock: reported by the checks above
            }
        }
    }

    @Test
    @Hint("The lock must work from any thread: a daemon, a virtual thread, one renamed while it holds the lock. "
            + "The owner is the thread itself, not its name or its kind. See the lesson's Q8.")
    void worksFromEveryKindOfCaller() {
        for (Caller caller : Callers.all()) {
            worksFrom(caller);
        }
    }

    private static void worksFrom(Caller caller) {
        NonReentrantLock lock = new NonReentrantLock();
        caller.run(Duration.ofSeconds(3), () -> {
            Thread me = Thread.currentThread();
            String name = me.getName();
            lock.lock();
            me.setName(name + "-holding");
            try {
                assertThat(lock.tryLock()).as("second tryLock() by the owner, a %s", caller.describe()).isFalse();
            } finally {
                lock.unlock();
                me.setName(name);
            }
            assertThat(lock.tryLock()).as("tryLock() of the free lock by a %s", caller.describe()).isTrue();
            lock.unlock();
        });
    }

    @Test
    @Hint("Each NonReentrantLock is a lock of its own: holding one must not hold another. Keep the owner in the "
            + "instance, not in a field shared by every lock (see the lesson's Q8).")
    void twoLocksAreIndependent() {
        NonReentrantLock first = new NonReentrantLock();
        NonReentrantLock second = new NonReentrantLock();
        first.lock();
        try {
            Boolean got = Caller.PLATFORM.call(Duration.ofSeconds(3), () -> {
                boolean ok = second.tryLock();
                if (ok) {
                    second.unlock();
                }
                return ok;
            });
            assertThat(got).as("tryLock() of a second, free lock while another thread holds the first").isTrue();
            assertThat(first.tryLock()).as("tryLock() of the first lock, still held").isFalse();
        } finally {
            first.unlock();
        }
        assertThat(Caller.PLATFORM.call(Duration.ofSeconds(3), () -> {
            boolean ok = first.tryLock();
            if (ok) {
                first.unlock();
            }
            return ok;
        })).as("tryLock() of the first lock once released").isTrue();
    }

    /** Await.joined, with a description in front of the message (for the hints' {@code when}). */
    private static void joinedAs(String what, Thread... ts) {
        try {
            Await.joined(Duration.ofSeconds(3), ts);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    @Test
    @Points(3)
    @Hint(value = "Mutual exclusion failed: two threads were inside at once. A woken thread must find the lock free again "
            + "before it takes it (another one may have been quicker), and test and take ownership as one step "
            + "under the same guard. See the lesson's Q8.",
            on = {Failure.ASSERTION, Failure.EXCEPTION})
    @Hint(value = "The contenders never all got through: a lock() that spins keeps the owner from running, and an "
            + "unlock() that wakes nobody leaves waiters asleep. See the lesson's Q8 on how lock() waits.",
            when = "did not finish")
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
