package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import parakit.support.Hint;

/** Public tests for Q5 (Pipeline). The grader runs more, hidden ones. */
@Timeout(10)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
class PipelineTest {

    @Test
    @Hint("cat FILE | grep -e TEXT | cut -f 3 -d: gives the third ':'-separated field of each selected line: see "
            + "the lesson's Q5.")
    @DisplayName("the included files of an .rst file")
    void includedFiles(@TempDir Path dir) throws Exception {
        Path rst = Files.writeString(dir.resolve("index.rst"),
                ".. literalinclude:: a.py\ntext\n.. literalinclude:: b.py\n");
        assertThat(Pipeline.run(rst.toString(), ".. literalinclude")).as("lines of the pipeline")
                .containsExactly(" a.py", " b.py");
    }
}
