package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.subprocess.SignalChild.Launcher;
import parakit.subprocess.SignalChild.Report;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q6. The child JVM is started by the test's launcher ({@code ChildJvm}: the classes under test
 * exist only in this JVM's memory); one launcher starts {@link SlowChild}, which becomes ready only after a
 * while, so that a parent that sleeps instead of waiting for the ready line signals a JVM without a handler,
 * which USR1 ends.
 */
@Question(section = "subprocess", number = 6, title = "Signalling a child process", timeoutSeconds = 30)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter", "sun.misc.Signal", "sun.misc.SignalHandler"},
        why = "the child handles USR1 with sun.misc.Signal; the parent starts it and the kill program")
@Requires(type = sun.misc.Signal.class, method = "handle", in = "SignalChild",
        why = "the child must install a handler for USR1 with sun.misc.Signal.handle")
class SignalChildHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** A child that becomes ready only after 1.5 s: then runs the student's child. */
    static final class SlowChild {
        public static void main(String[] args) throws Exception {
            Thread.sleep(1_500);
            SignalChild.Child.main(args);
        }
    }

    private Set<Long> before;

    private final AtomicLong launched = new AtomicLong(-1);

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private Launcher launcher(boolean slow) {
        return (builder, main, args) -> {
            Process p = ChildJvm.start(builder, slow ? SlowChild.class : main, JVM, args);
            launched.set(p.pid());
            return p;
        };
    }

    private Report run(boolean slow, boolean signal, Duration childTimeout) throws Exception {
        return Children.within(LIMIT, before, "SignalChild.run(signal=" + signal + ")",
                () -> SignalChild.run(launcher(slow), signal, childTimeout));
    }

    @Test
    @Points(3)
    @Hint(value = "The child must install its USR1 handler before it says READY, and the parent must send USR1 "
            + "to that child once it said READY. See the lesson's Q6.")
    void aSignalledChildReportsTheSignal() throws Exception {
        Report r = run(false, true, Duration.ofSeconds(20));
        assertThat(r.lines()).as("lines of a signalled child after READY").hasSize(1);
        assertThat(r.lines().getFirst()).as("report of a signalled child").startsWith(SignalChild.RECEIVED);
        assertThat(r.lines().getFirst()).as("thread the USR1 handler ran on (a thread of its own, not main)")
                .doesNotEndWith(" main");
        assertThat(r.exitCode()).as("exit code of a signalled child").isZero();
        assertThat(r.pid()).as("pid in the report (the launched child's)").isEqualTo(launched.get());
        assertThat(Children.leftRunning(before, Duration.ofMillis(500)))
                .as("processes left running after run").isEmpty();
    }

    @Test
    @Hint(value = "A child that is never signalled waits for its timeout, then says so, and ends. See the "
            + "lesson's Q6.")
    void anUnsignalledChildSaysSoAfterItsTimeout() throws Exception {
        Report r = run(false, false, Duration.ofMillis(300));
        assertThat(r.lines()).as("lines of a child that was not signalled").containsExactly(SignalChild.NEVER);
        assertThat(r.exitCode()).as("exit code of a child that was not signalled").isZero();
        assertThat(Children.leftRunning(before, Duration.ofMillis(500)))
                .as("processes left running after run").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "The signal must wait for the child's READY line, however long the child takes to start: a "
            + "JVM without a handler for USR1 is ended by it. A sleep only guesses. See the lesson's Q6 on the "
            + "ready line.")
    void theSignalWaitsForTheReadyLineOfASlowChild() throws Exception {
        Report r = run(true, true, Duration.ofSeconds(20));
        assertThat(r.lines()).as("lines of a child that became ready after 1.5 s, then was signalled")
                .hasSize(1);
        assertThat(r.lines().getFirst()).as("report of a slow child").startsWith(SignalChild.RECEIVED);
    }
}
