package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
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
    @Hint("All parties must leave together, when the last one arrives, and each records the moment it leaves "
            + "the barrier: a barrier that does not count every thread of the call (one per thread, or too few "
            + "parties) lets them pass early. See the lesson's Q11.")
    @Hint(value = "A party was never released: the barrier did not trip for it (a time limit shorter than the "
            + "arrivals take breaks the barrier for everyone; a barrier of too few parties trips without the last "
            + "ones). See the lesson's Q11 on parties and time limits.", when = "never released")
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
    @Hint("Breaking the barrier (Python's abort()) releases every waiting thread with a BrokenBarrierException: "
            + "that outcome is BROKEN, not PASSED, and it is not an interrupt. See the lesson's Q11.")
    void abortBreaksTheBarrierForEveryWaiter() {
        List<StartingGate.Outcome> outcomes = bounded(Duration.ofSeconds(25), () -> StartingGate.abortAll(4));
        assertThat(outcomes).as("outcome of each of the 4 waiters").hasSize(4)
                .containsOnly(StartingGate.Outcome.BROKEN);
    }

    @Test
    @Hint("abortAll must break the barrier only once every waiter is at it: a waiter that arrives after the "
            + "barrier was broken finds a fresh barrier and is never released. See the lesson's Q11 on aborting.")
    void abortWaitsForEveryWaiterBeforeBreaking() {
        long begin = System.nanoTime();
        List<StartingGate.Outcome> outcomes = bounded(Duration.ofSeconds(25), () -> StartingGate.abortAll(8));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(outcomes).as("outcome of each of the 8 waiters").containsOnly(StartingGate.Outcome.BROKEN);
        assertThat(millis).as("ms abortAll(8) took (a waiter left behind waits out its 20 s limit)").isLessThan(10_000);
    }

    /** The steps abortAll takes, written by the test: the time a correct abortAll needs on this machine now. */
    private static long referenceAbortNanos(int waiters) throws InterruptedException {
        long begin = System.nanoTime();
        CyclicBarrier barrier = new CyclicBarrier(waiters + 1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            ts.add(Thread.ofPlatform().name("reference-" + i).start(() -> {
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    // broken, as intended
                }
            }));
        }
        while (barrier.getNumberWaiting() < waiters) {
            Thread.sleep(5);
        }
        barrier.reset();
        Await.joined(Duration.ofSeconds(20), ts.toArray(Thread[]::new));
        return System.nanoTime() - begin;
    }

    @Test
    @Hint("abortAll must break the barrier as soon as every waiter is at it, however long that takes: a pause of "
            + "fixed length is too short on a slow day and needlessly long on every other. Wait for the state you "
            + "need (see the lesson's Q11 on aborting).")
    void abortBreaksTheBarrierOnceAllWaitNotAfterAFixedPause() throws InterruptedException {
        int waiters = 3;
        long reference = Long.MAX_VALUE;
        long student = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            reference = Math.min(reference, referenceAbortNanos(waiters));
            long begin = System.nanoTime();
            List<StartingGate.Outcome> outcomes = bounded(Duration.ofSeconds(5), () -> StartingGate.abortAll(waiters));
            student = Math.min(student, System.nanoTime() - begin);
            assertThat(outcomes).as("outcome of each of the %d waiters", waiters).containsOnly(StartingGate.Outcome.BROKEN);
        }
        long referenceMillis = reference / 1_000_000;
        long studentMillis = student / 1_000_000;
        // A wide margin: five times the test's own run plus 100 ms. A fixed pause of a few hundred ms exceeds it.
        assertThat(studentMillis).as("ms abortAll(%d) took, best of 3 (the same steps written by the test: %d ms)",
                waiters, referenceMillis).isLessThanOrEqualTo(5 * referenceMillis + 100);
    }

    @Test
    @Points(2)
    @Hint("Each call needs a barrier of its own, with a party for each of its threads, and the methods must work "
            + "from any calling thread (daemon, virtual, renamed). See the lesson's Q11.")
    @Hint(value = "No arrivals means no thread and nothing to wait for: runTogether of an empty list returns an empty "
            + "array (a barrier needs at least one party). See the Javadoc of runTogether.", when = "no arrivals")
    void everyCallWorksFromEveryKindOfCaller() {
        List<Caller> callers = Callers.all();
        for (int i = 0; i < callers.size(); i++) {
            Caller caller = callers.get(i);
            long[] none;
            try {
                none = caller.call(Duration.ofSeconds(5), () -> StartingGate.runTogether(List.of()));
            } catch (AssertionError e) {
                throw new AssertionError("runTogether of no arrivals from a " + caller.describe() + ": "
                        + e.getMessage(), e);
            }
            assertThat(none).as("runTogether of no arrivals from a %s", caller.describe()).isEmpty();
            int parties = 2 + i;
            List<Duration> arrivals = new ArrayList<>(Collections.nCopies(parties, Duration.ZERO));
            arrivals.set(parties - 1, Duration.ofMillis(50));
            long[] released;
            try {
                released = caller.call(Duration.ofSeconds(5), () -> StartingGate.runTogether(arrivals));
            } catch (AssertionError e) {
                throw new AssertionError("runTogether of " + parties + " parties, call " + (i + 1) + ", from a "
                        + caller.describe() + ": " + e.getMessage(), e);
            }
            assertThat(released).as("release times of call %d (%d parties) from a %s (0 = never released)", i + 1,
                    parties, caller.describe()).hasSize(parties).doesNotContain(0L);
            int waiters = 1 + i;
            List<StartingGate.Outcome> outcomes = caller.call(Duration.ofSeconds(5), () -> StartingGate.abortAll(waiters));
            assertThat(outcomes).as("abortAll(%d) from a %s", waiters, caller.describe())
                    .hasSize(waiters).containsOnly(StartingGate.Outcome.BROKEN);
        }
    }
}
