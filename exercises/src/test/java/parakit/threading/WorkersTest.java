package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public tests for Q1 (Workers). The grader runs more, hidden ones. */
@Timeout(10)
class WorkersTest {

    @Test
    void everyWorkerGetsItsOwnArgument() throws InterruptedException {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = Workers.startAll(5, seen::add);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).as("arguments the workers received: each i in 0..4 once").containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void workersRunInThreadsOfTheirOwn() throws InterruptedException {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        List<Thread> threads = Workers.startAll(3, i -> runners.add(Thread.currentThread()));
        for (Thread t : threads) {
            t.join();
        }
        assertThat(runners).as("threads that ran the target: start() runs it in a new thread, run() in the caller")
                .hasSize(3).doesNotContain(Thread.currentThread());
    }
}
