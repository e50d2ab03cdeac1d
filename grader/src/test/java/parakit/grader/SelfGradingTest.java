package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/** The grader grades its own reference: solutions score everything, the generated skeletons nothing. */
class SelfGradingTest {

    @Test
    void solutionsScoreFullMarksOnPublicAndHiddenTests() {
        GradeReport r = Fixtures.grade(Fixtures.root().resolve("solutions"), Fixtures.CATALOG.questions(), null);
        assertThat(r.questions()).as("questions graded").isNotEmpty();
        assertThat(r.tests()).filteredOn(t -> t.status() != Status.PASSED)
                .as("tests that fail on the reference solutions:\n%s", TextTable.render(r)).isEmpty();
        assertThat(r.score()).isEqualTo(r.maxScore());
        assertThat(r.tests()).extracting(GradeReport.TestResult::visibility).contains("public", "hidden");
    }

    @Test
    void skeletonsScoreZeroOnEveryQuestionWithFeedback() {
        GradeReport r = Fixtures.grade(Fixtures.root().resolve("exercises"), Fixtures.CATALOG.questions(), null);
        assertThat(r.questions()).allSatisfy(q -> assertThat(q.score()).as("%s on the skeleton", q.id()).isZero());
    }

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
