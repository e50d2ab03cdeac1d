package parakit.grader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/** One broken question never costs the others their points. */
class GraderTest {

    @TempDir
    Path temp;

    @Test
    void compileErrorFailsOnlyItsQuestionWithTheCompilersMessage() throws IOException {
        Path overlay = Files.createDirectories(temp.resolve("overlay/parakit/threading"));
        Files.writeString(overlay.resolve("Counter.java"), """
                package parakit.threading;

                public final class Counter {
                    public Counter(long start) { }
                    public void increment() { int x = "not a number"; }
                    public long value() { return 0; }
                }
                """);
        List<Question> questions = new ArrayList<>(Fixtures.questions("threading.Counter"));
        Fixtures.CATALOG.questions().stream().filter(q -> !q.id().equals("threading.Counter") && !q.mayBeInconclusive()).limit(2).forEach(questions::add);

        GradeReport r = Fixtures.grade(Fixtures.solutionsWith(temp.resolve("overlay"), temp.resolve("sub")), questions, null);
        String table = TextTable.render(r);
        GradeReport.QuestionResult counter = r.questions().stream().filter(q -> q.id().equals("threading.Counter")).findFirst().orElseThrow();
        assertThat(counter.status()).as(table).isEqualTo("compile-error");
        assertThat(counter.score()).isZero();
        assertThat(String.join("\n", counter.problems())).as("the compiler's own message, with file and line")
                .contains("Counter.java").contains(":5").contains("incompatible types");
        assertThat(r.tests()).filteredOn(t -> t.question().equals("threading.Counter"))
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.COMPILE_ERROR));
        assertThat(r.questions()).filteredOn(q -> !q.id().equals("threading.Counter"))
                .allSatisfy(q -> assertThat(q.score()).as("%s beside a broken question:\n%s", q.id(), table).isEqualTo(q.maxScore()));
    }

    @Test
    void missingFileFailsOnlyItsQuestion() throws IOException {
        Path sub = Fixtures.solutionsWith(null, temp.resolve("sub"));
        Files.delete(sub.resolve("src/main/java/parakit/threading/Counter.java"));
        GradeReport r = Fixtures.grade(sub, Fixtures.questions("threading.Counter"), null);
        assertThat(r.questions().getFirst().status()).isEqualTo("missing-file");
        assertThat(r.questions().getFirst().problems()).anyMatch(p -> p.contains("is missing") && p.contains("fix:"));
    }

    @Test
    void aQuestionRestrictedToSomeTestsRunsOnlyThose() throws IOException {
        Question counter = Fixtures.questions("threading.Counter").getFirst();
        List<String> two = counter.tests().stream().map(Question.TestSpec::method).limit(2).toList();
        Question part = Fixtures.withTests(counter, java.util.Set.copyOf(two));
        GradeReport r = Fixtures.grade(Fixtures.solutionsWith(null, temp.resolve("sub")), List.of(part), null);
        assertThat(r.tests()).extracting(t -> t.id().substring(t.id().indexOf('.') + 1))
                .containsExactlyInAnyOrderElementsOf(two);
        assertThat(r.tests()).allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.PASSED));
    }

    @Test
    void stoppingAtTheFirstFailureReportsTheRestAsNotRunAndLeavesOtherQuestionsWhole() throws IOException {
        Path overlay = Files.createDirectories(temp.resolve("overlay/parakit/threading"));
        // The skeleton with one line added: attempted (an untouched skeleton is not graded at all), still failing.
        Files.writeString(overlay.resolve("Counter.java"), Files.readString(
                Fixtures.root().resolve("exercises/src/main/java/parakit/threading/Counter.java")) + "// started\n");
        List<Question> questions = new ArrayList<>(Fixtures.questions("threading.Counter"));
        Fixtures.CATALOG.questions().stream().filter(q -> !q.id().equals("threading.Counter") && !q.mayBeInconclusive())
                .limit(1).forEach(questions::add);
        GradeReport r = Fixtures.gradeIn(Fixtures.solutionsWith(temp.resolve("overlay"), temp.resolve("sub")), questions,
                null, temp.resolve("work"), false, true);
        String table = TextTable.render(r);
        List<GradeReport.TestResult> counter = r.tests().stream().filter(t -> t.question().equals("threading.Counter")).toList();
        assertThat(counter).as(table).filteredOn(t -> t.status() != Status.NOT_RUN).hasSize(1)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.FAILED));
        assertThat(counter).filteredOn(t -> t.status() == Status.NOT_RUN).hasSize(counter.size() - 1)
                .allSatisfy(t -> assertThat(t.message()).contains("stopped this question at its first failure"));
        assertThat(r.questions()).filteredOn(q -> !q.id().equals("threading.Counter"))
                .allSatisfy(q -> assertThat(q.score()).as(table).isEqualTo(q.maxScore()));
    }

    @Test
    void anUntouchedSkeletonIsNotAttemptedAndAnyEditMakesItGraded() throws IOException {
        Path skeleton = Fixtures.root().resolve("exercises/src/main/java/parakit/threading/Counter.java");
        Path untouched = Files.createDirectories(temp.resolve("untouched/parakit/threading"));
        // Line endings and trailing spaces are an editor's or Git's, not the student's: still untouched.
        Files.writeString(untouched.resolve("Counter.java"),
                Files.readString(skeleton).replace("\n", "  \r\n") + "\r\n\r\n");
        List<Question> questions = new ArrayList<>(Fixtures.questions("threading.Counter"));
        Fixtures.CATALOG.questions().stream().filter(q -> !q.id().equals("threading.Counter") && !q.dedicatedCores())
                .limit(1).forEach(questions::add);
        GradeReport r = Fixtures.grade(Fixtures.solutionsWith(temp.resolve("untouched"), temp.resolve("sub1")),
                questions, null);
        String table = TextTable.render(r);
        GradeReport.QuestionResult counter = r.questions().stream().filter(q -> q.id().equals("threading.Counter"))
                .findFirst().orElseThrow();
        assertThat(counter.status()).as(table).isEqualTo("not-attempted");
        assertThat(counter.problems()).singleElement().asString()
                .contains("src/main/java/parakit/threading/Counter.java").contains("still the skeleton");
        assertThat(r.tests()).filteredOn(t -> t.question().equals("threading.Counter"))
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.NOT_ATTEMPTED))
                .allSatisfy(t -> assertThat(t.hint()).contains("TODO"));
        assertThat(table).as("the table names the question by section and number").contains("threading Q6")
                .doesNotContain("policy-violation");
        assertThat(r.questions()).filteredOn(q -> !q.id().equals("threading.Counter"))
                .allSatisfy(q -> assertThat(q.score()).as(table).isEqualTo(q.maxScore()));

        Path edited = Files.createDirectories(temp.resolve("edited/parakit/threading"));
        Files.writeString(edited.resolve("Counter.java"), Files.readString(skeleton).replaceFirst("\\{", "{ // mine"));
        GradeReport e = Fixtures.grade(Fixtures.solutionsWith(temp.resolve("edited"), temp.resolve("sub2")),
                Fixtures.questions("threading.Counter"), null);
        assertThat(e.questions().getFirst().status()).as(TextTable.render(e)).isNotEqualTo("not-attempted");
        assertThat(e.tests()).noneMatch(t -> t.status() == Status.NOT_ATTEMPTED);
    }
}
