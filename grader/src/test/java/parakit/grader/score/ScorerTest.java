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
    void aTestOfAQuestionThatNamesWhatItNeedsMayEndWithoutAVerdict() {
        // A check that needs a Slurm cluster the grading machine may not reach: no verdict, no points, no hint.
        Question c = Fixtures.questions("threading.Counter").getFirst();
        Question q = new Question(c.id(), c.section(), c.stem(), c.number(), c.title(), c.sources(), c.jvmArgs(),
                c.timeoutSeconds(), c.tests(), c.rules(), false, "a Slurm cluster");
        GradeReport r = scoreWithOneAborted(q);
        GradeReport.TestResult t = r.tests().stream().filter(x -> x.status() != Status.PASSED).findFirst().orElseThrow();
        assertThat(t.status()).isEqualTo(Status.INCONCLUSIVE);
        assertThat(t.points()).isZero();
        assertThat(t.hint()).isEmpty();
        assertThat(r.questions().getFirst().status()).isEqualTo("inconclusive");
    }

    @Test
    void anAbortedTestOutsideDedicatedCoreQuestionsIsAFailure() {
        // Student code can throw JUnit's abort exception too: only speedup checks may end without a verdict.
        Question q = Fixtures.questions("threading.Counter").getFirst();
        GradeReport r = scoreWithOneAborted(q);
        assertThat(r.tests()).extracting(GradeReport.TestResult::status).doesNotContain(Status.INCONCLUSIVE)
                .contains(Status.FAILED);
        assertThat(r.tests().stream().filter(x -> x.status() == Status.FAILED).findFirst().orElseThrow().hint())
                .as("no concept hint for an exception the code under test threw").isEmpty();
        assertThat(r.questions().getFirst().status()).isEqualTo("partial");
    }

    private static final Question.HintSpec LOCK = new Question.HintSpec("about the lock", "",
            java.util.Set.of(Question.Failure.ASSERTION, Question.Failure.TIMEOUT));
    private static final Question.HintSpec READER = new Question.HintSpec("about the reader", "value() once",
            java.util.Set.of(Question.Failure.ASSERTION));
    private static final Question.HintSpec MONITOR = new Question.HintSpec("about the monitor", "",
            java.util.Set.of(Question.Failure.EXCEPTION));
    private static final Question.TestSpec SPEC = new Question.TestSpec("p.CounterHiddenTest", "m",
            Question.Visibility.HIDDEN, 1, List.of(LOCK, READER, MONITOR));

    @Test
    void aStubThatIsNotImplementedGetsNoHint() {
        assertThat(SPEC.hintFor(Question.Failure.NOT_IMPLEMENTED, "not implemented yet: TODO Counter.value")).isEmpty();
        assertThat(SPEC.hintFor(null, "the test JVM ended")).isEmpty();
    }

    @Test
    void aHintWithWhenIsChosenOnlyForTheCheckWhoseMessageNamesIt() {
        assertThat(SPEC.hintFor(Question.Failure.ASSERTION, "[value() once the lock was free] expected 41"))
                .isEqualTo("about the reader");
        assertThat(SPEC.hintFor(Question.Failure.ASSERTION, "[value after 8 threads] expected 160000"))
                .isEqualTo("about the lock");
        assertThat(SPEC.hintFor(Question.Failure.TIMEOUT, "did not finish within 6 s")).isEqualTo("about the lock");
    }

    @Test
    void anExceptionGetsOnlyTheHintsWrittenForExceptions() {
        assertThat(SPEC.hintFor(Question.Failure.EXCEPTION, "java.lang.IllegalMonitorStateException (at ...)"))
                .isEqualTo("about the monitor");
        Question.TestSpec plain = new Question.TestSpec("p.T", "m", Question.Visibility.HIDDEN, 1, List.of(LOCK));
        assertThat(plain.hintFor(Question.Failure.EXCEPTION, "java.lang.IllegalMonitorStateException")).isEmpty();
    }
}
