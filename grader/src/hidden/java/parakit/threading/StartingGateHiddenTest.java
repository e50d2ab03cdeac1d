package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 11, title = "A barrier: all parties leave together", timeoutSeconds = 30)
@Requires(type = CyclicBarrier.class, method = "await", in = "StartingGate.runTogether",
        why = "runTogether must make its threads wait at a CyclicBarrier")
@Requires(type = CyclicBarrier.class, method = "reset", in = "StartingGate.abortAll",
        why = "abortAll must break the barrier with reset(), Java's counterpart of Python's abort()")
class StartingGateHiddenTest {

    /** Runs a StartingGate method on a helper thread, so that a barrier that never trips fails the test in time. */
    private static <T> T bounded(Duration within, Callable<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("gate-caller").start(() -> {
            try {
                result.set(call.call());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Await.joined(within, t);
        if (thrown.get() != null) {
            throw new AssertionError("the call threw " + thrown.get(), thrown.get());
        }
        return result.get();
    }

    interface Callable<T> {
        T call() throws Exception;
    }

    @Test
    @Points(3)
    @Hint("All parties must leave together, when the last one arrives: one CyclicBarrier shared by all threads, "
            + "with as many parties as threads (a barrier per thread, or too few parties, lets them pass early).")
    void allPartiesLeaveTogetherAfterTheLastArrival() {
        List<Duration> arrivals = List.of(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600));
        long start = System.nanoTime();
        long[] released = bounded(Duration.ofSeconds(25), () -> StartingGate.runTogether(arrivals));
        assertThat(released).as("release times (0 = never released)").hasSize(4).doesNotContain(0L);
        long first = Arrays.stream(released).min().orElseThrow();
        long last = Arrays.stream(released).max().orElseThrow();
        long spreadMillis = (last - first) / 1_000_000;
        long firstAfterStartMillis = (first - start) / 1_000_000;
        // Arrivals are spread over 600 ms; departures must be far closer together than that.
        assertThat(spreadMillis).as("ms between the first and the last party leaving (arrivals spread over 600 ms)")
                .isLessThan(250);
        assertThat(firstAfterStartMillis).as("ms until the first party left (the last one arrives after 600 ms)")
                .isGreaterThanOrEqualTo(500);
    }

    @Test
    @Points(3)
    @Hint("Breaking the barrier (reset(), Python's abort()) must release every waiting thread with a "
            + "BrokenBarrierException: record BROKEN for it, not PASSED, and do not interrupt the waiters instead.")
    void abortBreaksTheBarrierForEveryWaiter() {
        List<StartingGate.Outcome> outcomes = bounded(Duration.ofSeconds(25), () -> StartingGate.abortAll(4));
        assertThat(outcomes).as("outcome of each of the 4 waiters").hasSize(4)
                .containsOnly(StartingGate.Outcome.BROKEN);
    }

    @Test
    @Hint("abortAll must wait until every waiter is at the barrier before breaking it (getNumberWaiting()); a "
            + "waiter that arrives after reset() finds a fresh barrier and is never released.")
    void abortWaitsForEveryWaiterBeforeBreaking() {
        long begin = System.nanoTime();
        List<StartingGate.Outcome> outcomes = bounded(Duration.ofSeconds(25), () -> StartingGate.abortAll(8));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(outcomes).as("outcome of each of the 8 waiters").containsOnly(StartingGate.Outcome.BROKEN);
        assertThat(millis).as("ms abortAll(8) took (a waiter left behind waits out its 20 s limit)").isLessThan(10_000);
    }
}
