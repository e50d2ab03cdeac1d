package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 12, title = "Limiting concurrent access with a Semaphore")
@Requires(type = Semaphore.class, method = "acquire", in = "ActivePool.run",
        why = "run must take a slot with Semaphore.acquire()")
@Requires(type = Semaphore.class, method = "release", in = "ActivePool.run",
        why = "run must give its slot back with Semaphore.release(), in a finally block")
class ActivePoolHiddenTest {

    private record Stats(int most, int mostListed, long millis) {
    }

    /** n threads each run `work` ms of work through the pool; returns concurrency seen and elapsed time. */
    private static Stats runWorkers(ActivePool pool, int n, long workMillis) {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger mostListed = new AtomicInteger();
        Thread[] ts = new Thread[n];
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ts[i] = Thread.ofPlatform().name("worker-" + i).start(() -> {
                try {
                    pool.run(() -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        mostListed.accumulateAndGet(pool.active().size(), Math::max);
                        sleep(workMillis);
                        mostListed.accumulateAndGet(pool.active().size(), Math::max);
                        now.decrementAndGet();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Await.joined(Duration.ofSeconds(15), ts);
        return new Stats(most.get(), mostListed.get(), (System.nanoTime() - begin) / 1_000_000);
    }

    @Test
    @Points(3)
    @Hint("At most `permits` workers may run at once, and that many must be able to: create the Semaphore with "
            + "exactly `permits` permits and acquire one before the work.")
    void exactlyThePermittedNumberWorkAtOnce() {
        Stats s = runWorkers(new ActivePool(3), 8, 150);
        assertThat(s.most()).as("most workers running at once with 3 permits").isEqualTo(3);
    }

    @Test
    @Points(2)
    @Hint("active() must list only the threads that hold a slot: register the name after acquire(), and remove "
            + "it when the work ends.")
    void activeListsOnlyThreadsThatHoldASlot() {
        ActivePool pool = new ActivePool(2);
        Stats s = runWorkers(pool, 6, 100);
        assertThat(s.mostListed()).as("most names in active() with 2 permits").isBetween(1, 2);
        assertThat(pool.active()).as("active() once every worker is done").isEmpty();
    }

    @Test
    @Points(2)
    @Hint("A slot must be given back even when the work throws: release() in a finally block. Otherwise every "
            + "exception costs the pool a permit for good.")
    void aThrowingWorkGivesItsSlotBack() {
        ActivePool pool = new ActivePool(2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> pool.run(() -> {
                throw new IllegalStateException("work failed");
            })).as("exception of the work").hasMessage("work failed");
        }
        assertThat(pool.active()).as("active() after works that threw").isEmpty();
        Stats s = runWorkers(pool, 4, 100);
        assertThat(s.most()).as("workers running at once after three works threw (2 permits)").isEqualTo(2);
    }

    @Test
    @Points(2)
    @Hint("Four workers of 200 ms with two permits take about two rounds (400 ms): one round means the limit is "
            + "missing, four rounds means only one permit.")
    void fourWorkersWithTwoPermitsTakeAboutTwoRounds() {
        long work = 200;
        Stats s = runWorkers(new ActivePool(2), 4, work);
        double rounds = (double) s.millis() / work;
        assertThat(rounds).as("rounds of %d ms that 4 workers took with 2 permits (%d ms)", work, s.millis())
                .isBetween(1.6, 3.5);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
