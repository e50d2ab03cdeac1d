package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q5 (PoolMap). The grader runs more, hidden ones. */
@Timeout(10)
class PoolMapTest {

    @Test
    @Hint("Element i of the result is f applied to input i, whatever order the calls finish in: see the lesson's "
            + "PoolMap section.")
    @DisplayName("doubling three numbers on three workers gives the doubles in input order")
    void doublesComeBackInInputOrder() throws InterruptedException, ExecutionException {
        List<Integer> doubled = PoolMap.map(3, List.of(5, 10, 20), n -> n * 2);
        assertThat(doubled).as("results of map(3, [5, 10, 20], n -> n * 2), in input order")
                .containsExactly(10, 20, 40);
    }

    @Test
    @Hint("The calls run on the pool's threads, as many at once as there are workers: see the lesson's PoolMap "
            + "section on when to wait for the results.")
    @DisplayName("the work runs on the pool's threads, two at once with two workers")
    void workRunsOnMoreThanOneThread() throws InterruptedException, ExecutionException {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<String> results = PoolMap.map(2, List.of("a", "b"), s -> {
            runners.add(Thread.currentThread());
            bothStarted.countDown();
            try {
                // Both calls can only get past this together if two workers run them at the same time.
                bothStarted.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return s.toUpperCase();
        });
        assertThat(results).as("results of map(2, [a, b], toUpperCase), in any order here")
                .containsExactlyInAnyOrder("A", "B");
        assertThat(bothStarted.getCount()).as("calls that never met the other one (the workers did not run at once)")
                .isZero();
        assertThat(runners).as("threads that ran the calls with 2 workers (the pool's, not the caller's)")
                .hasSize(2).doesNotContain(Thread.currentThread());
    }
}
