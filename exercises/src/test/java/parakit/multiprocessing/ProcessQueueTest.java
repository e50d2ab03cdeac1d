package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.multiprocessing.ProcessQueue.Report;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.Hint;

/** Public tests for Q6 (ProcessQueue). The grader runs more, hidden ones. */
@Timeout(30)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL): the tests start child JVMs on pipes")
class ProcessQueueTest {

    private static final ProcessQueue.Launcher LAUNCHER =
            (builder, main, args) -> ChildJvm.start(builder, main, List.of("-Xmx32m"), args);

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    @Test
    @Hint("The producer puts its items and then the sentinel on the pipe; the parent passes them on; the consumer "
            + "processes every item and stops at the sentinel: see the lesson's Q6.")
    @DisplayName("three items pass from the producer to the consumer and come back doubled, in order")
    void threeItemsArePassedOnAndProcessed() throws Exception {
        Report r = ProcessQueue.run(LAUNCHER, List.of("5", "10", "13"));
        assertThat(r.processed()).as("what the consumer printed for items 5, 10, 13")
                .containsExactly("55", "1010", "1313");
        assertThat(r.producerExit()).as("exit code of the producer").isZero();
        assertThat(r.consumerExit()).as("exit code of the consumer (it stops at the sentinel)").isZero();
        assertThat(Children.leftRunning(before, java.time.Duration.ofMillis(500)))
                .as("processes left running after run (both must be waited for)").isEmpty();
    }
}
