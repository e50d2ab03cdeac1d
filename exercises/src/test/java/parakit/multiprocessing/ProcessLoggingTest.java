package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q4 (ProcessLogging). The grader runs more, hidden, ones. */
@Timeout(30)
class ProcessLoggingTest {

    /** Starts the logger and gives it all its cues at once (three). */
    private static final ProcessLogging.Launcher LAUNCHER = (builder, main, args) -> {
        Process p = ChildJvm.start(builder.redirectInput(ProcessBuilder.Redirect.PIPE), main,
                List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"), args);
        OutputStream cues = p.getOutputStream();
        cues.write("\n\n\n".getBytes());
        cues.flush();
        return p;
    };

    @Test
    @Hint("Each logger appends whole records to the one log file: see the lesson's Q4.")
    @DisplayName("two loggers of three records each leave six whole records")
    void twoLoggersLeaveSixRecords(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("processes.log");
        ProcessLogging.logAll(LAUNCHER, log, List.of("Process-1", "Process-2"), 3);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("records in the log file").hasSize(6)
                .allMatch(l -> l.matches("\\[INFO/Process-[12] \\d+\\] record [0-2]"), "each a whole record");
        assertThat(lines).as("records of Process-2").filteredOn(l -> l.startsWith("[INFO/Process-2 ")).hasSize(3);
    }
}
