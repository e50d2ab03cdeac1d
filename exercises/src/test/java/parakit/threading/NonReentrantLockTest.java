package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q8 (NonReentrantLock). The grader runs more, hidden ones. */
@Timeout(10)
class NonReentrantLockTest {

    @Test
    @Hint("While a thread owns the lock, nobody can take it, the owner included (Python's Lock): see the lesson's Q8.")
    void theOwnerCannotTakeItTwice() {
        NonReentrantLock lock = new NonReentrantLock();
        lock.lock();
        try {
            assertThat(lock.tryLock()).as("tryLock() by the thread that already holds the lock").isFalse();
        } finally {
            lock.unlock();
        }
        assertThat(lock.tryLock()).as("tryLock() once the lock is free").isTrue();
        lock.unlock();
    }

    @Test
    @Hint("A ReentrantLock lets its owner in again, yours must not; and every hold taken must be released: see the "
            + "lesson's Q8.")
    void reentrantAndNonReentrantDiffer() {
        assertThat(NonReentrantLock.secondTryLockSucceeds(new ReentrantLock())).as("ReentrantLock taken twice").isTrue();
        assertThat(NonReentrantLock.secondTryLockSucceeds(new NonReentrantLock())).as("NonReentrantLock taken twice").isFalse();
    }

    @Test
    @Hint("unlock() checks that the calling thread owns the lock: see the lesson's Q8 on what unlock() checks.")
    void unlockWithoutOwningThrows() {
        Throwable thrown = catchThrowable(() -> new NonReentrantLock().unlock());
        if (thrown instanceof UnsupportedOperationException stub) {
            throw stub; // still the skeleton: "not implemented yet" says it all
        }
        assertThat(thrown).as("what unlock() of a free lock threw").isInstanceOf(IllegalMonitorStateException.class);
    }
}
