package parakit.grader.score;

/** A graded test's final status, from the first stage of the pipeline that decided it. */
public enum Status {
    /** Passed: full points. */
    PASSED,
    /** An assertion failed or the code threw. */
    FAILED,
    /** Past the per-test time limit (the message holds the thread dump). */
    TIMEOUT,
    /** The test JVM ended during the test. */
    CRASHED,
    /** Not run (whole-run limit, JVM could not start). */
    NOT_RUN,
    /**
     * No verdict: a speedup check could not measure (the machine did not give it the cores); no points, graded
     * again. Only for questions with dedicated cores; elsewhere the same outcome is {@link #FAILED}.
     */
    INCONCLUSIVE,
    /** The question's files did not compile. */
    COMPILE_ERROR,
    /** The question's classes broke a static policy rule. */
    POLICY_VIOLATION,
    /** A file of the question is missing or unusable. */
    MISSING_FILE,
    /** Every file of the question is its skeleton as handed out: nothing to grade yet. */
    NOT_ATTEMPTED
}
