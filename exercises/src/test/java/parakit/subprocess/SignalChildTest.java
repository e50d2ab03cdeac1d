package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.subprocess.SignalChild.Report;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q6 (SignalChild). The grader runs more, hidden ones. */
@Timeout(30)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL): Windows has no USR1")
class SignalChildTest {

    private static final SignalChild.Launcher LAUNCHER =
            (builder, main, args) -> ChildJvm.start(builder, main, List.of("-Xmx32m"), args);

    @Test
    @Hint("The child handles USR1 and says so; the parent signals it once it is ready: see the lesson's Q6.")
    @DisplayName("a signalled child reports RECEIVED USR1")
    void signalled() throws Exception {
        Report r = SignalChild.run(LAUNCHER, true, Duration.ofSeconds(20));
        assertThat(r.lines()).as("what the child said after READY").hasSize(1);
        assertThat(r.lines().getFirst()).as("the child's report").startsWith(SignalChild.RECEIVED);
    }
}
