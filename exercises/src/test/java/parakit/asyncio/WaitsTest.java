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

/** Public tests for Q2 (Waits). The grader runs more, hidden, ones. */
@Timeout(10)
class WaitsTest {

    @Test
    @Hint("While a task waits, the loop runs the others: the waits overlap. See the lesson's Waits section.")
    void threeWaitsEndAfterTheLongestNotTheSum() throws Exception {
        Duration unit = Duration.ofMillis(120);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExecutorService warmUp = Executors.newSingleThreadExecutor()) {
            Waits.all(warmUp, Duration.ofMillis(1), line -> { }).get(3, TimeUnit.SECONDS); // class loading, timers
        }
        long begin = System.nanoTime();
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            Waits.all(loop, unit, lines::add).get(3, TimeUnit.SECONDS);
        }
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(lines.subList(0, 4)).as("the first four lines")
                .containsExactly(Waits.GR1_STARTED, Waits.GR2_STARTED, Waits.GR3_STARTED, Waits.GR3_DONE);
        assertThat(millis).as("ms for waits of 2, 2 and 1 units of 120 ms (600 ms one after another)")
                .isBetween(238L, 480L);
    }
}
