package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q3 (CompletionOrder). The grader runs more, hidden, ones. */
@Timeout(10)
class CompletionOrderTest {

    private static final List<Duration> DELAYS = List.of(Duration.ofMillis(90), Duration.ofMillis(10),
            Duration.ofMillis(50));

    @Test
    @Hint("Synchronous tasks run one after another: they finish in the order they were started. See the lesson's "
            + "CompletionOrder section.")
    void synchronousTasksFinishInTheirOwnOrder() throws Exception {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CompletionOrder.synchronous(DELAYS, done::add);
        assertThat(done).as("ids reported by synchronous with delays 90, 10, 50 ms").containsExactly(1, 2, 3);
    }

    @Test
    @Hint("Tasks on the loop wait at the same time: the shortest delay ends first. See the lesson's "
            + "CompletionOrder section.")
    void asynchronousTasksFinishInTheOrderOfTheirDelays() throws Exception {
        List<Integer> done = new CopyOnWriteArrayList<>();
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            CompletionOrder.asynchronous(loop, DELAYS, done::add).get(3, TimeUnit.SECONDS);
        }
        assertThat(done).as("ids reported by asynchronous with delays 90, 10, 50 ms").containsExactly(2, 3, 1);
    }
}
