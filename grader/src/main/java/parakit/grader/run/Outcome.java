package parakit.grader.run;

import java.time.Duration;
import parakit.grader.question.Question;

/**
 * What happened to one test in the isolated run.
 *
 * @param testId   {@code <TestClass>.<method>}
 * @param status   see {@link Status}
 * @param message  failure message for the student (empty on a pass)
 * @param duration the test's own wall time, as the harness measured it
 * @param failure  how a test that did not pass failed (chooses its hint); null for a pass and where unknown
 */
public record Outcome(String testId, Status status, String message, Duration duration, Question.Failure failure) {

    /** An outcome whose failure kind follows from its status: TIMEOUT for a timeout, none otherwise. */
    public Outcome(String testId, Status status, String message, Duration duration) {
        this(testId, status, message, duration, status == Status.TIMEOUT ? Question.Failure.TIMEOUT : null);
    }

    public enum Status {
        /** The test passed. */
        PASSED,
        /** An assertion failed or the code threw. */
        FAILED,
        /** Past the per-test limit; the message holds the thread dump. */
        TIMEOUT,
        /** The test JVM ended while this test ran (exit, crash, out of memory, killed). */
        CRASHED,
        /** Never ran: the whole-run limit passed first, or the JVM could not start. */
        NOT_RUN,
        /** Ended without a verdict: it could not measure what it checks (see parakit.grader.api.Inconclusive). */
        INCONCLUSIVE
    }
}
