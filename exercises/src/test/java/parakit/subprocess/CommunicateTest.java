package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.subprocess.Communicate.Result;
import parakit.support.Hint;

/** Public tests for Q4 (Communicate). The grader runs more, hidden ones (with much more data). */
@Timeout(10)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
class CommunicateTest {

    @Test
    @Hint("Both ways: the input goes to cat -, which writes it back: see the lesson's Q4.")
    @DisplayName("communicate through cat - gives the message back")
    void passThrough() throws IOException, InterruptedException {
        Result r = Communicate.communicate(List.of("cat", "-"),
                "through stdin to stdout".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).as("stdout of cat -")
                .isEqualTo("through stdin to stdout");
        assertThat(r.exitCode()).as("exit code of cat -").isZero();
    }

    @Test
    @Hint("One way: the input reaches the command, whose standard input is then closed: see the lesson's Q4.")
    @DisplayName("send to cat - ends with exit code 0")
    void oneWay() throws IOException, InterruptedException {
        assertThat(Communicate.send(List.of("cat", "-"), "stdin: to stdin\n".getBytes(StandardCharsets.UTF_8)))
                .as("exit code of cat - after send").isZero();
    }
}
