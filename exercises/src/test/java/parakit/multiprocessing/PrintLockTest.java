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

/** Public tests for Q3 (PrintLock). The grader runs more, hidden, ones. */
@Timeout(30)
class PrintLockTest {

    /** Starts the printer and gives it all its cues at once (one per part: at most three here). */
    private static final PrintLock.Launcher LAUNCHER = (builder, main, args) -> {
        Process p = ChildJvm.start(builder.redirectInput(ProcessBuilder.Redirect.PIPE), main,
                List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"), args);
        OutputStream cues = p.getOutputStream();
        cues.write("\n\n\n".getBytes());
        cues.flush();
        return p;
    };

    @Test
    @Hint("Each printer holds the file lock while it prints its line in parts: see the lesson's Q3.")
    @DisplayName("three printers holding the lock print three whole lines")
    void threeWholeLines(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.txt");
        PrintLock.printAll(LAUNCHER, dir.resolve("print.lock"), output,
                List.of(List.of("tan", "go"), List.of("fox", "trot"), List.of("1", "0")));
        assertThat(Files.readAllLines(output)).as("lines printed by three printers, in any order")
                .containsExactlyInAnyOrder("tango", "foxtrot", "10");
    }
}
