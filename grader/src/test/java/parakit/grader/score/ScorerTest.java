package parakit.grader.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;
import parakit.grader.run.Outcome;

class ScorerTest {

    /** Every test of {@code q} passed, but its first hidden test ended without a verdict. */
    private static GradeReport scoreWithOneAborted(Question q) {
        Question.TestSpec aborted = q.tests().stream().filter(t -> t.visibility() == Question.Visibility.HIDDEN)
                .findFirst().orElseThrow();
        Map<String, Outcome> outcomes = q.tests().stream().collect(Collectors.toMap(Question.TestSpec::id,
                t -> t == aborted ? new Outcome(t.id(), Outcome.Status.INCONCLUSIVE, "could not measure: 1.1x", Duration.ZERO)
                        : new Outcome(t.id(), Outcome.Status.PASSED, "", Duration.ZERO)));
        return new Scorer().score("s", List.of(q), Map.of(), outcomes, List.of(), List.of(), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 1);
    }

    @Test
    void aSpeedupCheckWithoutAVerdictEarnsNothingBlamesNothingAndMarksTheQuestionInconclusive() {
        Question q = Fixtures.asDedicated("threading.Counter");
        GradeReport r = scoreWithOneAborted(q);
        GradeReport.TestResult t = r.tests().stream().filter(x -> x.status() != Status.PASSED).findFirst().orElseThrow();
        assertThat(t.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(t.points()).as("points of a test without a verdict").isZero();
        assertThat(t.hint()).as("a hint would blame the code").isEmpty();
        assertThat(t.message()).contains("could not measure");
        assertThat(r.questions().getFirst().status()).isEqualTo("inconclusive");
        assertThat(r.score()).isEqualTo(q.maxPoints() - t.max());
    }

    @Test
    void anAbortedTestOutsideDedicatedCoreQuestionsIsAFailure() {
        // Student code can throw JUnit's abort exception too: only speedup checks may end without a verdict.
        Question q = Fixtures.questions("threading.Counter").getFirst();
        GradeReport r = scoreWithOneAborted(q);
        assertThat(r.tests()).extracting(GradeReport.TestResult::status).doesNotContain(Status.INCONCLUSIVE)
                .contains(Status.FAILED);
        assertThat(r.tests().stream().filter(x -> x.status() == Status.FAILED).findFirst().orElseThrow().hint())
                .as("the failure's hint").isNotEmpty();
        assertThat(r.questions().getFirst().status()).isEqualTo("partial");
    }
}
