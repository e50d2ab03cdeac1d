package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.multiprocessing.Processes.Doubled;
import parakit.multiprocessing.Processes.Outcome;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q1 (Processes). The grader runs more, hidden, ones. */
@Timeout(30)
class ProcessesTest {

    private static final Processes.Launcher LAUNCHER =
            (builder, main, args) -> ChildJvm.start(builder, main, List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"), args);

    @Test
    @Hint("Each number is doubled by a child JVM of its own, which reports its own pid: see the lesson's Q1.")
    @DisplayName("three children double three numbers, each in a process of its own")
    void threeChildrenDoubleThreeNumbers() throws Exception {
        List<Doubled> r = Processes.doubleAll(LAUNCHER, List.of(5, 10, 15));
        assertThat(r).as("numbers and results, in the order of the numbers")
                .extracting(Doubled::number, Doubled::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, 10), org.assertj.core.groups.Tuple.tuple(10, 20),
                        org.assertj.core.groups.Tuple.tuple(15, 30));
        assertThat(r).as("pids of the children (one process each, none of them this JVM)")
                .extracting(Doubled::pid).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    @Hint("A child that outlives its limit is terminated and waited for; one that ends in time is not: see the "
            + "lesson's Q1 on terminate.")
    @DisplayName("a child that sleeps a minute is terminated at a 300 ms limit; a quick one is not")
    void aSlowChildIsTerminated() throws Exception {
        Outcome slow = Processes.doubleWithin(LAUNCHER, 5, 60_000, Duration.ofMillis(300));
        assertThat(slow.terminated()).as("a child sleeping 60 s, limit 300 ms: terminated").isTrue();
        assertThat(slow.doubled()).as("report of a terminated child").isNull();
        Outcome quick = Processes.doubleWithin(LAUNCHER, 4, 0, Duration.ofSeconds(20));
        assertThat(quick.terminated()).as("a quick child, limit 20 s: terminated").isFalse();
        assertThat(quick.doubled().result()).as("4 doubled by a quick child").isEqualTo(8);
        assertThat(quick.exitCode()).as("exit code of a quick child").isZero();
    }
}
