package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    @DisplayName("four threads x 10 000 increments lose nothing")
    @Hint("Increments were lost: see the lesson's Q6, 'Why it goes wrong', and which object every thread must lock.")
    void fourThreadsLoseNothing() throws InterruptedException {
        Counter counter = new Counter(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counter.value())
                .as("increments lost: the read-add-write of value must happen while holding the lock")
                .isEqualTo(40_000);
    }
}
