package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.question.Question;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * The grader catches realistic mistakes: each case of {@code src/test/resources/corpus/<section>/<case>/}
 * (format in AUTHORING.md) is graded among the reference solutions and must lose points on the tests its
 * {@code expect.properties} names, with feedback that names the mistake. Set {@code -Dcorpus=<substring>}
 * to run only the matching cases while authoring.
 */
class CorpusTest {

    private static final Path CORPUS = Fixtures.root().resolve("grader/src/test/resources/corpus");
    /**
     * Shorter than the questions' own limits (10 s by default): a wrong solution that hangs only has to
     * fail, and the corpus is large. Every hidden test's own bounded waits fit well inside it.
     */
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(6);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyWrongSolutionLosesPointsWithTheRightHint() {
        String only = System.getProperty("corpus", "");
        return cases().filter(c -> CORPUS.relativize(c).toString().contains(only))
                .map(c -> DynamicTest.dynamicTest(CORPUS.relativize(c).toString(), () -> check(c)));
    }

    @Test
    void everyQuestionHasAtLeastTwoWrongSolutions() {
        Map<String, Long> perQuestion = cases().map(c -> expect(c).getProperty("question", "?"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(Fixtures.CATALOG.questions()).allSatisfy(q -> assertThat(perQuestion.getOrDefault(q.id(), 0L))
                .as("wrong solutions for %s in %s", q.id(), CORPUS).isGreaterThanOrEqualTo(2));
    }

    @Test
    void everyHiddenTestIsFailedByAtLeastOneWrongSolution() {
        // Declared, not measured (measuring is the dynamic tests' job): each hidden test must be named in
        // some case's fails= list, so that no hidden test exists that no known mistake trips.
        Set<String> named = cases().flatMap(c -> Arrays.stream(expect(c).getProperty("fails", "").split(",")))
                .map(String::trim).collect(Collectors.toSet());
        List<String> unnamed = Fixtures.CATALOG.questions().stream().flatMap(q -> q.tests().stream())
                .filter(t -> t.visibility() == Question.Visibility.HIDDEN)
                .map(Question.TestSpec::method).filter(m -> !named.contains(m)).toList();
        assertThat(unnamed).as("hidden tests that no wrong solution in the corpus is expected to fail").isEmpty();
    }

    private void check(Path dir) {
        Properties p = expect(dir);
        String id = require(p, "question", dir);
        String mistake = require(p, "mistake", dir);
        List<String> fails = Arrays.stream(require(p, "fails", dir).split(",")).map(String::trim).toList();
        String hint = require(p, "hint", dir).toLowerCase();

        GradeReport r = Fixtures.grade(Fixtures.solutionsWith(dir, temp.resolve("submission")),
                Fixtures.questions(id), TEST_TIMEOUT);
        GradeReport.QuestionResult q = r.questions().getFirst();
        String table = TextTable.render(r);
        assertThat(q.score()).as("%s (%s) must lose points:\n%s", dir.getFileName(), mistake, table)
                .isLessThan(q.maxScore());

        if (fails.contains("policy")) {
            assertThat(q.status()).as("status of %s:\n%s", id, table).isEqualTo("policy-violation");
            assertThat(String.join("\n", q.problems()).toLowerCase()).as("policy feedback for %s", mistake).contains(hint);
            return;
        }
        List<GradeReport.TestResult> expected = r.tests().stream()
                .filter(t -> fails.contains(t.id().substring(t.id().indexOf('.') + 1))).toList();
        for (String name : fails) {
            assertThat(expected).as("test '%s' named in %s/expect.properties fails= (no such test of %s)", name, dir, id)
                    .anyMatch(t -> t.id().endsWith("." + name));
        }
        List<GradeReport.TestResult> failed = expected.stream().filter(t -> t.status() != Status.PASSED).toList();
        assertThat(failed).as("%s (%s): none of %s failed:\n%s", dir.getFileName(), mistake, fails, table).isNotEmpty();
        assertThat(failed).as("feedback naming the mistake (%s)", hint)
                .anySatisfy(t -> assertThat((t.hint() + " " + t.message()).toLowerCase()).contains(hint));
    }

    private static Stream<Path> cases() {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(f -> f.getFileName().toString().equals("expect.properties")).map(Path::getParent)
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties expect(Path dir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("expect.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String require(Properties p, String key, Path dir) {
        String v = p.getProperty(key);
        assertThat(v).as("%s in %s/expect.properties (see grader/AUTHORING.md)", key, dir).isNotBlank();
        return v.trim();
    }
}
