package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q11 (StartingGate). The grader runs more, hidden ones. */
@Timeout(30)
class StartingGateTest {

    @Test
    @Hint("Every party waits at one barrier that counts all of them, long enough for the last one to arrive: "
            + "see the lesson's Q11.")
    void everyPartyPassesTheBarrier() throws InterruptedException {
        long[] released = StartingGate.runTogether(List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100)));
        assertThat(released).as("release times (0 = never released)").hasSize(3).doesNotContain(0L);
    }

    @Test
    @Hint("Breaking the barrier gives every waiter a BrokenBarrierException: see the lesson's Q11 on aborting.")
    void abortBreaksTheBarrierForEveryWaiter() throws InterruptedException {
        assertThat(StartingGate.abortAll(2)).as("what the waiters got when the barrier was broken")
                .containsExactly(StartingGate.Outcome.BROKEN, StartingGate.Outcome.BROKEN);
    }
}
