package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for futures Q5 (CancelPending). The grader runs more, hidden ones. */
@Timeout(10)
class CancelPendingTest {

    @Test
    @Hint("Only a task that has not started can be cancelled, and cancel says whether it was: see the lesson's "
            + "CancelPending section.")
    @DisplayName("of 4 tasks on 2 workers, the 2 queued ones are cancelled and the 2 running ones are not")
    void queuedTasksAreCancelledRunningOnesAreNot() throws InterruptedException {
        CancelPending pool = new CancelPending(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        List<Boolean> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    ran.add(k);
                    started.countDown();
                    try {
                        release.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            assertThat(started.await(2, TimeUnit.SECONDS)).as("two tasks started on two workers").isTrue();
            for (int i = 3; i >= 0; i--) {
                answers.add(0, pool.cancel(futures.get(i)));
            }
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(answers).as("cancel's answers for tasks 0..3 (0 and 1 had started)")
                .containsExactly(false, false, true, true);
        Thread.sleep(100);
        assertThat(ran).as("tasks that ran").containsExactlyInAnyOrder(0, 1);
    }
}
