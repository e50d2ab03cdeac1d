package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q1 (Workers). The grader runs more, hidden ones. */
@Timeout(10)
class WorkersTest {

    @Test
    @Hint("Each worker must be given its own index, each of 0..count-1 once: see the lesson's Q1, 'The Java idiom'.")
    void everyWorkerGetsItsOwnArgument() throws InterruptedException {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = Workers.startAll(5, seen::add);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).as("arguments the workers received: each i in 0..4 once").containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    @Hint("The target must run on the new threads, one each: see the lesson's Q1 on what start() and run() each do.")
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
