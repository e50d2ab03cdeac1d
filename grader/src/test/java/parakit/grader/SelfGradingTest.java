package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * The grader grades its own reference: the generated skeletons score nothing, on every test. (That the solutions
 * score everything is checked by {@link SolutionCoverageTest}, on the same grading that measures their coverage:
 * one grading of the whole practical instead of two. Without the policy, as here, a skeleton scores at least what
 * it would with it, so this one grading covers both.)
 */
class SelfGradingTest {

    @Test
    void everyTestFailsOnTheSkeletonsEvenWithoutThePolicy() {
        // The policy alone would already fail most skeletons; without it, each test must fail on its own merits.
        GradeReport r = Fixtures.grade(Fixtures.root().resolve("exercises"), Fixtures.CATALOG.questions(), null, false);
        assertThat(r.questions()).allSatisfy(q -> {
            assertThat(q.score()).as("%s scores on the untouched skeleton:\n%s", q.id(), TextTable.render(r)).isZero();
            assertThat(q.status()).isNotEqualTo("compile-error");
        });
        String passing = r.tests().stream().filter(t -> t.status() == Status.PASSED).map(GradeReport.TestResult::id)
                .collect(Collectors.joining(", "));
        assertThat(passing).as("tests that pass on a skeleton cannot fail: they test nothing").isEmpty();
        assertThat(r.tests()).allSatisfy(t -> assertThat(t.message()).as("feedback of %s", t.id()).isNotBlank());
    }
}
