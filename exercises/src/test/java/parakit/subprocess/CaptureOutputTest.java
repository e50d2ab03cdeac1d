package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import parakit.subprocess.CaptureOutput.Completed;
import parakit.support.Hint;

/** Public tests for Q3 (CaptureOutput). The grader runs more, hidden ones. */
@Timeout(10)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
class CaptureOutputTest {

    @Test
    @Hint("Each stream is captured on its own, every byte of it: see the lesson's Q3.")
    @DisplayName("ls -d of a file and a missing file: the name in stdout, the error in stderr")
    void separateStreams(@TempDir Path dir) throws IOException, InterruptedException {
        Path here = Files.writeString(dir.resolve("here.txt"), "x");
        Completed ls = CaptureOutput.run(List.of("ls", "-d", here.toString(), dir.resolve("gone").toString()));
        assertThat(new String(ls.stdout(), StandardCharsets.UTF_8)).as("stdout of ls -d").isEqualTo(here + "\n");
        assertThat(new String(ls.stderr(), StandardCharsets.UTF_8)).as("stderr of ls -d").contains("gone");
        assertThat(ls.exitCode()).as("exit code of ls -d with a missing file").isNotZero();
    }

    @Test
    @Hint("The byte counts are the sizes of what the command wrote: see the lesson's Q3.")
    @DisplayName("cat of a 12-byte file: 12 bytes in stdout, 0 in stderr")
    void byteCounts(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("f.txt"), "hello world\n");
        Completed cat = CaptureOutput.run(List.of("cat", file.toString()));
        assertThat(cat.stdout().length).as("bytes in stdout of cat").isEqualTo(12);
        assertThat(cat.stderr().length).as("bytes in stderr of cat").isZero();
        assertThat(cat.exitCode()).as("exit code of cat").isZero();
    }
}
