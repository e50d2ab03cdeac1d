package parakit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import parakit.support.Hint;
import parakit.support.SlurmScript;

/** Public tests for Q1 (BatchScript). They read the script as sbatch would, without a cluster. */
@Timeout(20)
class BatchScriptTest {

    private static final List<String> COMMAND = List.of("java", "-cp", "target/classes", "parakit.cluster.Hello");

    @Test
    @Hint("The directives ask for the nodes (-N), the partition (-p) and the wall-clock time (-t, in a format sbatch "
            + "reads): see the lesson's Q1.")
    @DisplayName("the #SBATCH lines ask for 2 nodes of partition broadwell for 10 minutes")
    void theDirectivesAskForNodesPartitionAndTime() {
        SlurmScript s = SlurmScript.of(BatchScript.script(2, "broadwell", COMMAND));
        assertThat(s.firstLine()).as("first line of the script (the interpreter)").isEqualTo("#!/bin/sh");
        assertThat(s.option('N', "nodes")).as("node counts asked for").containsExactly("2");
        assertThat(s.option('p', "partition")).as("partitions asked for").containsExactly("broadwell");
        assertThat(s.option('t', "time")).as("time limits asked for").hasSize(1);
        assertThat(SlurmScript.timeLimit(s.option('t', "time").getFirst()))
                .as("the wall-clock limit that -t " + s.option('t', "time").getFirst() + " asks for")
                .isEqualTo(Duration.ofMinutes(BatchScript.MINUTES));
    }

    @Test
    @DisabledOnOs(value = WINDOWS, disabledReason = "runs the script with sh: needs a POSIX system (WSL)")
    @Hint("The script's one command runs the program through srun, each word of the command as one shell word: "
            + "see the lesson's Q1.")
    @DisplayName("the script runs the command through srun")
    void theCommandRunsThroughSrun(@TempDir Path dir) throws Exception {
        String text = BatchScript.script(1, "normal", COMMAND);
        assertThat(SlurmScript.srunCalls(text, dir)).as("what the script passes to srun").containsExactly(COMMAND);
    }
}
