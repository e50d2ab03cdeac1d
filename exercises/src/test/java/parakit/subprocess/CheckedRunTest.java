package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.subprocess.CheckedRun.CalledProcessException;
import parakit.support.Hint;

/** Public tests for Q2 (CheckedRun). The grader runs more, hidden ones. */
@Timeout(10)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
class CheckedRunTest {

    @Test
    @Hint("A command that exits with 0 succeeded, and run returns normally: see the lesson's Q2.")
    @DisplayName("true runs without an exception")
    void trueSucceeds() throws Exception {
        CheckedRun.run(List.of("true")); // returns normally
    }

    @Test
    @Hint("A non-zero exit code is a CalledProcessException with the command, the code and the standard error: "
            + "see the lesson's Q2.")
    @DisplayName("false throws a CalledProcessException with exit code 1")
    void falseThrows() throws Exception {
        CalledProcessException e = null;
        try {
            CheckedRun.run(List.of("false"));
        } catch (CalledProcessException thrown) {
            e = thrown;
        }
        assertThat(e).as("what CheckedRun.run(false) threw").isNotNull();
        assertThat(e.exitCode()).as("exit code of false in the exception").isEqualTo(1);
        assertThat(e.command()).as("command in the exception").containsExactly("false");
    }
}
