package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q7 (PoolScope). The grader runs more, hidden, ones. */
@Timeout(10)
class PoolScopeTest {

    @Test
    @Hint("runAll returns only once every task has ended, and counts the tasks that threw: see the lesson's Q7 on "
            + "leaving a try-with-resources block.")
    @DisplayName("runAll waits for four sleeping tasks on two workers and counts the one that threw")
    void runAllWaitsForEveryTask() {
        AtomicInteger ended = new AtomicInteger();
        Callable<Object> sleeper = () -> {
            Thread.sleep(30);
            ended.incrementAndGet();
            return null;
        };
        Callable<Object> failing = () -> {
            ended.incrementAndGet();
            throw new IllegalStateException("no good");
        };
        int failed = PoolScope.runAll(2, List.of(sleeper, sleeper, failing, sleeper));
        assertThat(ended.get()).as("tasks that had ended when runAll returned (of 4)").isEqualTo(4);
        assertThat(failed).as("tasks that threw (of 4)").isEqualTo(1);
    }

    @Test
    @Hint("startInBackground returns the pool open, with the tasks submitted; closing it waits for them: see the "
            + "lesson's Q7.")
    @DisplayName("startInBackground hands back an open pool; closing it waits for the tasks")
    void startInBackgroundReturnsAnOpenPool() {
        AtomicInteger ended = new AtomicInteger();
        Callable<Object> sleeper = () -> {
            Thread.sleep(300);
            return ended.incrementAndGet();
        };
        ExecutorService pool = PoolScope.startInBackground(2, List.of(sleeper, sleeper));
        assertThat(pool.isShutdown()).as("the pool startInBackground returned is shut down").isFalse();
        assertThat(ended.get()).as("tasks ended when startInBackground returned").isLessThan(2);
        pool.close();
        assertThat(ended.get()).as("tasks ended once the pool was closed (of 2)").isEqualTo(2);
    }
}
