package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public tests for Q8 (NonReentrantLock). The grader runs more, hidden ones. */
@Timeout(10)
class NonReentrantLockTest {

    @Test
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
    void reentrantAndNonReentrantDiffer() {
        assertThat(NonReentrantLock.secondTryLockSucceeds(new ReentrantLock())).as("ReentrantLock taken twice").isTrue();
        assertThat(NonReentrantLock.secondTryLockSucceeds(new NonReentrantLock())).as("NonReentrantLock taken twice").isFalse();
    }

    @Test
    void unlockWithoutOwningThrows() {
        assertThatThrownBy(() -> new NonReentrantLock().unlock()).as("unlock() of a free lock")
                .isInstanceOf(IllegalMonitorStateException.class);
    }
}
