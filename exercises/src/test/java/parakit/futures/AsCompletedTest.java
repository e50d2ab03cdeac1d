package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for futures Q3 (AsCompleted). The grader runs more, hidden ones. */
@Timeout(10)
class AsCompletedTest {

    @Test
    @Hint("next() hands over the future of the task that completed first, whatever the order of submission: see the "
            + "lesson's AsCompleted section.")
    @DisplayName("the futures come in the order their tasks complete, not the order they were submitted")
    void futuresComeInCompletionOrder() {
        int[] order = {2, 0, 1};
        CountDownLatch[] release = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        List<Integer> delivered = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                tasks.add(() -> {
                    release[k].await(3, TimeUnit.SECONDS);
                    return k;
                });
            }
            Iterator<Future<Integer>> futures = AsCompleted.submitAll(pool, tasks);
            for (int k : order) {
                release[k].countDown(); // task k completes now, before the tasks released after it
                delivered.add(futures.next().resultNow());
            }
            assertThat(futures.hasNext()).as("hasNext() after all 3 futures").isFalse();
        } finally {
            for (CountDownLatch latch : release) {
                latch.countDown();
            }
        }
        assertThat(delivered).as("results of the futures, tasks completing in the order 2, 0, 1")
                .containsExactly(2, 0, 1);
    }
}
