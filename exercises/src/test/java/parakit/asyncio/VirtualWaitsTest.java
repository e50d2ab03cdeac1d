package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q7 (VirtualWaits). The grader runs more, hidden, ones. */
@Timeout(10)
class VirtualWaitsTest {

    private static Runnable sleeping(long millis, AtomicInteger onVirtual) {
        return () -> {
            if (Thread.currentThread().isVirtual()) {
                onVirtual.incrementAndGet();
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    @Hint("One virtual thread per wait: all the waits overlap. See the lesson's VirtualWaits section.")
    void aThousandWaitsOnVirtualThreadsTakeAboutOneWait() {
        AtomicInteger onVirtual = new AtomicInteger();
        long begin = System.nanoTime();
        VirtualWaits.onVirtualThreads(1_000, sleeping(50, onVirtual));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(onVirtual.get()).as("calls that ran on a virtual thread").isEqualTo(1_000);
        assertThat(millis).as("ms for 1,000 waits of 50 ms on virtual threads (50 s one after another)")
                .isBetween(49L, 1_000L);
    }

    @Test
    @Hint("A fixed pool runs as many waits at once as it has threads. See the lesson's VirtualWaits section.")
    void aPoolOfTwoPlatformThreadsTakesRounds() {
        AtomicInteger onVirtual = new AtomicInteger();
        long begin = System.nanoTime();
        VirtualWaits.onPlatformPool(2, 6, sleeping(40, onVirtual));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(onVirtual.get()).as("calls that ran on a virtual thread (the pool's are platform threads)").isZero();
        assertThat(millis).as("ms for 6 waits of 40 ms on 2 platform threads (3 rounds)").isBetween(118L, 1_000L);
    }
}
