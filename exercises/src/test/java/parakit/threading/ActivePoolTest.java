package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q12 (ActivePool). The grader runs more, hidden ones. */
@Timeout(20)
class ActivePoolTest {

    @Test
    @Hint("The semaphore's permits are the pool's slots, and active() lists only the threads holding one: see "
            + "the lesson's Q12.")
    void neverMoreThanThePermitsWorkAtOnce() throws InterruptedException {
        ActivePool pool = new ActivePool(2);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            threads.add(Thread.ofPlatform().name("worker-" + i).start(() -> {
                try {
                    pool.run(() -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        now.decrementAndGet();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(most.get()).as("most workers running at once with 2 permits").isEqualTo(2);
        assertThat(pool.active()).as("active names once everyone is done").isEmpty();
    }
}
