package parakit.grader.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import parakit.grader.question.Question;
import parakit.grader.run.Environment;
import parakit.grader.run.Outcome;

/**
 * Turns the stages' findings into points. A test earns its points only when it PASSED; a question that
 * could not be run (not attempted, missing file, compile error, policy violation) earns 0 with the stage's reason on each of
 * its tests. A test that did not pass gets the hints written for its kind of failure ({@link Question.TestSpec#hintFor}):
 * none for a stub that is not implemented, none for an exception unless a hint asks for it.
 */
public final class Scorer {

    /** What the earlier stages found out about one question, before its tests' outcomes. */
    public record Blocked(Status status, List<String> problems) {
    }

    /**
     * @param blocked  questions stopped before the run, with why
     * @param outcomes test outcomes of the questions that ran
     * @param environments where they ran
     */
    public GradeReport score(String submission, List<Question> questions, Map<String, Blocked> blocked,
                             Map<String, Outcome> outcomes, List<String> notes, List<Environment> environments,
                             Duration compile, Duration policy, Duration run, Duration total, int jvms) {
        List<GradeReport.QuestionResult> qs = new ArrayList<>();
        List<GradeReport.TestResult> ts = new ArrayList<>();
        long testsMillis = 0;
        int score = 0;
        int max = 0;
        for (Question q : questions) {
            Blocked stop = blocked.get(q.id());
            int earned = 0;
            boolean inconclusive = false;
            for (Question.TestSpec t : q.tests()) {
                String visibility = t.visibility().name().toLowerCase();
                if (stop != null) {
                    ts.add(new GradeReport.TestResult(t.id(), q.id(), visibility, 0, t.points(), stop.status(),
                            stop.status() == Status.COMPILE_ERROR ? "the question did not compile" : String.join("\n", stop.problems()),
                            stageHint(stop.status()), 0));
                    continue;
                }
                Outcome o = outcomes.get(t.id());
                Status status = o == null ? Status.NOT_RUN : Status.valueOf(o.status().name());
                if (status == Status.INCONCLUSIVE && !q.mayBeInconclusive()) {
                    // Only speedup checks, and tests of a question that names what it needs (a Slurm cluster), may say
                    // they could not judge. Elsewhere an aborted test can only come from code that threw JUnit's
                    // abort exception, student code included: that is a failure.
                    status = Status.FAILED;
                }
                inconclusive |= status == Status.INCONCLUSIVE;
                String message = o == null ? "no result was reported for this test" : o.message();
                int points = status == Status.PASSED ? t.points() : 0;
                earned += points;
                long millis = o == null ? 0 : o.duration().toMillis();
                testsMillis += millis;
                ts.add(new GradeReport.TestResult(t.id(), q.id(), visibility, points, t.points(), status,
                        status == Status.PASSED ? "" : message,
                        status == Status.PASSED || status == Status.INCONCLUSIVE || o == null ? ""
                                : t.hintFor(o.failure(), message), millis));
            }
            String qStatus = stop != null ? stop.status().name().toLowerCase().replace('_', '-')
                    : inconclusive ? "inconclusive"
                    : earned == q.maxPoints() ? "passed" : earned == 0 ? "failed" : "partial";
            qs.add(new GradeReport.QuestionResult(q.id(), q.section(), q.number(), q.title(), earned, q.maxPoints(), qStatus,
                    stop == null ? List.of() : stop.problems()));
            score += earned;
            max += q.maxPoints();
        }
        return new GradeReport(submission, Instant.now().toString(), score, max, qs, ts, notes,
                GradeReport.Timings.of(compile, policy, run, testsMillis, total, jvms), environments);
    }

    private static String stageHint(Status status) {
        return switch (status) {
            case COMPILE_ERROR -> "Fix the compiler errors listed for this question; run 'mvn test' locally to see them.";
            case POLICY_VIOLATION -> "The question's code broke a rule of the grader (listed above); each rule says why it exists.";
            case MISSING_FILE -> "Keep the question's files where the skeleton has them.";
            case NOT_ATTEMPTED -> "Fill in the TODOs of this question (its lesson section says what to build); run "
                    + "'mvn test' to check them before you push.";
            default -> "";
        };
    }
}
