package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;
import parakit.support.PoolWorkers;

/** Public tests for futures Q1 (LazyMap). The grader runs more, hidden ones. */
@Timeout(10)
class LazyMapTest {

    @Test
    @Hint("Element i of the iterator is f applied to input i, whatever order the calls finish in: see the lesson's "
            + "LazyMap section.")
    @DisplayName("tasks of 5, 4, 3, 2, 1 units on 2 workers come back in input order")
    void resultsComeBackInInputOrder() {
        // The task of 4 units always ends before the task of 5 (which waits for it to end and be handed over), so a
        // map that hands out results in the order they end fails here every run, not only when the timing says so.
        AtomicReference<Thread> fourRanOn = new AtomicReference<>();
        CountDownLatch fourEnded = new CountDownLatch(1);
        Iterator<Integer> results = LazyMap.map(2, List.of(5, 4, 3, 2, 1), n -> {
            if (n == 4) {
                fourRanOn.set(Thread.currentThread());
            }
            if (n == 5) {
                awaitHandedOver(fourEnded, fourRanOn);
            }
            sleep(n * 10L);
            if (n == 4) {
                fourEnded.countDown();
            }
            return n * 10;
        });
        List<Integer> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        assertThat(all).as("results of map(2, [5, 4, 3, 2, 1], sleep n units and return 10 n), in input order")
                .containsExactly(50, 40, 30, 20, 10);
    }

    @Test
    @Hint("map returns at once with an iterator, while the calls still run (like the practical's \"unprocessed "
            + "results\"): see the lesson's LazyMap section on laziness.")
    @DisplayName("map returns before its calls have ended")
    void mapReturnsBeforeTheCallsEnd() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Iterator<String> results;
        long begin = System.nanoTime();
        try {
            // If map waited for the calls, it would wait here until the calls give up (after 3 s) and fail below.
            results = LazyMap.map(1, List.of("a"), s -> {
                started.countDown();
                try {
                    release.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return s.toUpperCase();
            });
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(millis).as("ms map took to return, while its call waited up to 3 s").isLessThan(1_500);
            assertThat(started.await(2, TimeUnit.SECONDS)).as("the call started without reading the iterator").isTrue();
        } finally {
            release.countDown();
        }
        assertThat(results.next()).as("the result, once the call ended").isEqualTo("A");
        assertThat(results.hasNext()).as("hasNext() after the only element").isFalse();
    }

    /** Waits (up to 3 s) until {@code ended} is counted down and then until its worker has handed the result over. */
    private static void awaitHandedOver(CountDownLatch ended, AtomicReference<Thread> worker) {
        try {
            if (ended.await(3, TimeUnit.SECONDS)) {
                PoolWorkers.awaitHandedOver(worker.get(), Duration.ofSeconds(3));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
