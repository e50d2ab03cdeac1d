package parakit.grader.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How test JVMs are started.
 *
 * @param java            the {@code java} launcher of the JDK the grader runs on
 * @param heapMegabytes   {@code -Xmx} of each test JVM
 * @param processors      {@code -XX:ActiveProcessorCount}, or 0 to let the JVM count (set it on clusters so
 *                        that every node behaves alike)
 * @param testTimeout     per-test limit overriding each question's own, or {@code null} to keep theirs
 * @param runTimeout      limit for all test JVMs of one grading together
 * @param coverage        measure which lines of the code under test the tests run (JaCoCo), or {@code null}: for
 *                        the kit's own coverage gate, never for grading a student
 */
public record RunSettings(Path java, int heapMegabytes, int processors, Duration testTimeout, Duration runTimeout,
                          Coverage coverage) {

    /** Settings without coverage. */
    public RunSettings(Path java, int heapMegabytes, int processors, Duration testTimeout, Duration runTimeout) {
        this(java, heapMegabytes, processors, testTimeout, runTimeout, null);
    }

    /**
     * JaCoCo in every test JVM: the agent jar ({@code org.jacoco.agent}'s runtime jar) and the folder that
     * receives one execution-data file per test JVM ({@code jvm-N.exec}).
     */
    public record Coverage(Path agentJar, Path outputFolder) {
    }

    /** These settings with coverage measured. */
    public RunSettings withCoverage(Coverage c) {
        return new RunSettings(java, heapMegabytes, processors, testTimeout, runTimeout, c);
    }

    /** The JDK this grader runs on, 512 MiB per test JVM, questions' own time limits, 10 minutes in all. */
    public static RunSettings defaults() {
        return new RunSettings(Path.of(System.getProperty("java.home"), "bin", "java"), 512, 0, null, Duration.ofMinutes(10));
    }
}
