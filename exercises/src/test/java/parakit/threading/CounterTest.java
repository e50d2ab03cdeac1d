package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

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
    @DisplayName("four threads x 100 000 increments, started together, lose nothing")
    @Hint("Increments were lost: see the lesson's Q6, 'Why it goes wrong', and which object every thread must lock.")
    void fourThreadsLoseNothing() throws InterruptedException {
        Counter counter = new Counter(0);
        int threadsCount = 4;
        int perThread = 100_000;
        // A start gate: the threads begin incrementing at the same moment, so that they really overlap (started one
        // after another, each could finish before the next begins). The grader runs this under -Xint, where a racy
        // read-add-write loses increments every run; on a plain JVM it may only lose some runs.
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadsCount; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.increment();
                }
            }));
        }
        gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counter.value())
                .as("increments lost: the read-add-write of value must happen while holding the lock")
                .isEqualTo((long) threadsCount * perThread);
    }
}
