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
 * @param stopAtFirstFailure stop grading a question at its first test that does not pass (its other tests are
 *                        reported as not run): for the kit's mutation gate, which only asks whether a question loses
 *                        a point, never for grading a student (who is owed every test's feedback)
 */
public record RunSettings(Path java, int heapMegabytes, int processors, Duration testTimeout, Duration runTimeout,
                          Coverage coverage, boolean stopAtFirstFailure) {

    /** Settings without coverage. */
    public RunSettings(Path java, int heapMegabytes, int processors, Duration testTimeout, Duration runTimeout) {
        this(java, heapMegabytes, processors, testTimeout, runTimeout, null, false);
    }

    /** Settings that grade every test. */
    public RunSettings(Path java, int heapMegabytes, int processors, Duration testTimeout, Duration runTimeout,
                       Coverage coverage) {
        this(java, heapMegabytes, processors, testTimeout, runTimeout, coverage, false);
    }

    /** These settings, stopping each question at its first test that does not pass. */
    public RunSettings stoppingAtFirstFailure() {
        return new RunSettings(java, heapMegabytes, processors, testTimeout, runTimeout, coverage, true);
    }

    /**
     * JaCoCo in every test JVM: the agent jar ({@code org.jacoco.agent}'s runtime jar) and the folder that
     * receives one execution-data file per test JVM ({@code jvm-N.exec}).
     */
    public record Coverage(Path agentJar, Path outputFolder) {
    }

    /** These settings with another limit for all test JVMs together. */
    public RunSettings withRunTimeout(Duration limit) {
        return new RunSettings(java, heapMegabytes, processors, testTimeout, limit, coverage, stopAtFirstFailure);
    }

    /** These settings with coverage measured. */
    public RunSettings withCoverage(Coverage c) {
        return new RunSettings(java, heapMegabytes, processors, testTimeout, runTimeout, c, stopAtFirstFailure);
    }

    /** The JDK this grader runs on, 512 MiB per test JVM, questions' own time limits, 10 minutes in all. */
    public static RunSettings defaults() {
        return new RunSettings(Path.of(System.getProperty("java.home"), "bin", "java"), 512, 0, null, Duration.ofMinutes(10));
    }
}
