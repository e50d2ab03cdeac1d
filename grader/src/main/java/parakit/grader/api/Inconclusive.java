package parakit.grader.api;

import org.opentest4j.TestAbortedException;

/**
 * Ends a hidden test without a verdict: the test could not judge the code because the machine did not give it
 * what it measures with (for a speedup check: a second core of its own). The test earns no points, its status
 * is {@code INCONCLUSIVE}, the grader runs the question once more, and a batch grades it again on its next run.
 *
 * <p>Only questions with {@link Question#dedicatedCores()}, or that name what they need in {@link Question#needs()}
 * (a test that finds no Slurm cluster to submit to), may end inconclusive: anywhere else the grader
 * scores it as a failure, so that student code cannot turn its failures into "no verdict" by throwing the
 * same exception.
 */
public final class Inconclusive {

    private Inconclusive() {
    }

    /**
     * Ends the current test without a verdict.
     *
     * @param why what the test could not measure and the figures it saw, for the student and the instructor
     * @throws TestAbortedException always (JUnit reports the test as aborted)
     */
    public static void because(String why) {
        throw new TestAbortedException(why);
    }
}
