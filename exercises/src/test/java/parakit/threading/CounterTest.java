package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;
import parakit.support.LockFields;

/** Public tests for Q6 (Counter). The grader runs more, hidden ones. */
@Timeout(10)
class CounterTest {

    @Test
    @DisplayName("a single thread counts from the start value")
    @Hint("Start from the value the constructor was given and add exactly one per increment(): see the lesson's Q6 task.")
    void countsFromStart() {
        Counter counter = new Counter(5);
        counter.increment();
        counter.increment();
        assertThat(counter.value()).as("value after two increments from 5").isEqualTo(7);
    }

    @Test
    @DisplayName("increment() waits while another thread holds the counter's lock")
    @Hint(when = "no field", value = "Every thread must lock the same Lock object, so the lock must live as long as "
            + "the counter: see the lesson's Q6, 'The Java idiom', on which object the lock must be.")
    @Hint("increment() went ahead while another thread held the Counter's lock, so two increments can interleave and "
            + "lose one: see the lesson's Q6, 'Why it goes wrong', and which object every thread must lock.")
    void incrementWaitsWhileAnotherThreadHoldsTheLock() throws InterruptedException {
        // A controlled interleaving instead of a stress test: the test holds the counter's lock itself, so whether
        // increment() waits for it shows on every run, on any machine, however busy.
        Counter counter = new Counter(0);
        List<LockFields.Found> locks = LockFields.of(counter);
        assertThat(locks).as("no field of the Counter holds a java.util.concurrent.locks.Lock").isNotEmpty();
        boolean waited = false;
        Thread incrementer;
        for (LockFields.Found f : locks) {
            f.lock().lock();
        }
        try {
            incrementer = Thread.ofPlatform().name("incrementer").start(counter::increment);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!waited && incrementer.isAlive() && System.nanoTime() < deadline) {
                waited = locks.stream().anyMatch(f -> f.queued(incrementer));
                Thread.sleep(1);
            }
        } finally {
            for (LockFields.Found f : locks.reversed()) {
                f.lock().unlock();
            }
        }
        incrementer.join(3_000);
        assertThat(waited).as("increment() waited for the lock that the test held").isTrue();
        assertThat(counter.value()).as("value after one increment from 0, once the lock was free").isEqualTo(1);
    }
}
