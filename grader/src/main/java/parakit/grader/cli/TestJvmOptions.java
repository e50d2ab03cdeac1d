package parakit.grader.cli;

import java.time.Duration;
import parakit.grader.run.RunSettings;
import picocli.CommandLine.Option;

/** How the test JVMs of a grading are started: the options {@code grade} and {@code grade-tasks} share (a picocli mixin). */
final class TestJvmOptions {

    @Option(names = "--heap", paramLabel = "MB", defaultValue = "512", description = "Heap of each test JVM in MiB (default: ${DEFAULT-VALUE}).")
    int heap;

    @Option(names = "--processors", paramLabel = "N", defaultValue = "0",
            description = "Processor count the test JVMs see (-XX:ActiveProcessorCount); 0 lets them count (default).")
    int processors;

    /** Run settings with these options, the given per-test limit (null: each question's own) and limit for all tests. */
    RunSettings settings(Duration testTimeout, Duration runTimeout) {
        return new RunSettings(RunSettings.defaults().java(), heap, processors, testTimeout, runTimeout);
    }
}
