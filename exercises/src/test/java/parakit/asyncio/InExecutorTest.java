package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q4 (InExecutor). The grader runs more, hidden, ones. */
@Timeout(10)
class InExecutorTest {

    @Test
    @Hint("Blocking tasks run on a pool of their own, never on the loop; their results come back to the loop. See "
            + "the lesson's InExecutor section.")
    void blockingTasksRunOnThePoolAndTheirResultsComeBack() throws Exception {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        List<Supplier<String>> tasks = List.of("a", "b", "c").stream().<Supplier<String>>map(s -> () -> {
            runners.add(Thread.currentThread());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return s.toUpperCase();
        }).toList();
        Thread[] loopThread = new Thread[1];
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            loop.submit(() -> loopThread[0] = Thread.currentThread()).get(2, TimeUnit.SECONDS);
            List<String> results = InExecutor.runAll(loop, 3, tasks).get(3, TimeUnit.SECONDS);
            assertThat(results).as("results of three blocking tasks").containsExactlyInAnyOrder("A", "B", "C");
        }
        assertThat(runners).as("threads that ran the blocking tasks (the pool's: not the loop's, not the caller's)")
                .isNotEmpty().doesNotContain(loopThread[0], Thread.currentThread());
    }
}
