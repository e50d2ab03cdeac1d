package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q5 (Callbacks). The grader runs more, hidden, ones. */
@Timeout(10)
class CallbacksTest {

    @Test
    @Hint("The producer completes the future after its wait; a callback attached before sees the result. See the "
            + "lesson's Callbacks section.")
    void theProducerCompletesTheFuture() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> future = new CompletableFuture<>();
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            Callbacks.produce(loop, future, "job", 1, Duration.ofMillis(20), lines::add).get(3, TimeUnit.SECONDS);
        }
        assertThat(future.getNow("not completed")).as("the future's value after the producer ended")
                .isEqualTo("job is finished");
        assertThat(lines).as("lines the producer printed").containsExactly("job sleeping for: 1 units");
    }

    @Test
    @Hint("The callbacks print each result as its future is completed: the shorter wait first. See the lesson's "
            + "Callbacks section.")
    void theCallbacksSeeTheShorterTaskFirst() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            Callbacks.run(loop, Duration.ofMillis(30), lines::add).get(3, TimeUnit.SECONDS);
        }
        assertThat(lines).as("lines of the two producers and the callbacks").containsExactly(
                "task1 sleeping for: 3 units", "task2 sleeping for: 1 units", "task2 is finished", "task1 is finished");
    }
}
