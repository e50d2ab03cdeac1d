package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.support.Hint;

/** Public tests for Q1 (RunCommand). The grader runs more, hidden ones. */
@Timeout(10)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
class RunCommandTest {

    @Test
    @Hint("The exit code is what the program returned once it ended: see the lesson's Q1 on waitFor.")
    @DisplayName("true exits with 0 and false with 1")
    void trueAndFalse() throws IOException, InterruptedException {
        assertThat(RunCommand.exitCode(List.of("true"))).as("exit code of true").isZero();
        assertThat(RunCommand.exitCode(List.of("false"))).as("exit code of false").isEqualTo(1);
    }

    @Test
    @Hint("The arguments reach the program as they are, without a shell: see the lesson's Q1.")
    @DisplayName("ls -lahF . succeeds (its listing appears in the test's output)")
    void listing() throws IOException, InterruptedException {
        assertThat(RunCommand.exitCode(List.of("ls", "-lahF", "."))).as("exit code of ls -lahF .").isZero();
    }
}
