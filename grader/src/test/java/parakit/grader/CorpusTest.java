package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.corpus.CorpusCase;
import parakit.grader.corpus.Edit;
import parakit.grader.corpus.ReferencePatch;
import parakit.grader.corpus.Round;
import parakit.grader.question.Question;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * The grader catches realistic mistakes and accepts other correct approaches: each case of
 * {@code src/test/resources/corpus/<section>/<case>/} (format in AUTHORING.md) is a {@code change.diff} of a
 * reference solution. A wrong solution must lose points on the tests its {@code expect.properties} names, with
 * feedback that names the mistake; a correct variant must score full marks. Cases are graded in
 * {@link Round rounds}: one submission carries one case of each question, so a grading decides many cases.
 * A case is judged on its round's grading only: a verdict that changes when other questions are graded beside
 * it is a verdict that changes under load, which is the bug to fix (never graded again alone).
 * Set {@code -Dcorpus=<substring>} to run only the matching cases while authoring.
 */
class CorpusTest {

    private static final Path CORPUS = Fixtures.root().resolve("grader/src/test/resources/corpus");
    private static final Path SOLUTIONS = Fixtures.root().resolve("solutions/src/main/java");
    /**
     * Shorter than the questions' own limits (10 s by default): a wrong solution that hangs only has to
     * fail, and the corpus is large. Every hidden test's own bounded waits fit well inside it.
     */
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(6);
    /**
     * Rounds graded at once (-Dcorpus.lanes): while one round's cases are checked, the next is graded.
     * Cases mostly wait for the per-test limit, which costs wall time, not CPU.
     */
    private static final int LANES = 3;

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyCaseIsGradedAsItExpects() {
        String only = System.getProperty("corpus", "");
        List<CorpusCase> chosen = CorpusCase.load(CORPUS).stream().filter(c -> c.name().contains(only)).toList();
        List<DynamicTest> tests = new ArrayList<>();
        Map<CorpusCase, Edit> edits = new LinkedHashMap<>();
        for (CorpusCase c : chosen) {
            try {
                edits.put(c, ReferencePatch.apply(c.name(), c.require("question"), c.diff(), SOLUTIONS));
            } catch (ReferencePatch.BadPatch | AssertionError e) {
                tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                    throw new AssertionError(e.getMessage());
                }));
            }
        }
        List<List<CorpusCase>> plan = Round.plan(List.copyOf(edits.keySet()), CorpusCase::question);
        List<Round> rounds = new ArrayList<>();
        for (int k = 0; k < plan.size(); k++) {
            rounds.add(new Round(k + 1, plan.get(k).stream().map(edits::get).toList(), temp.resolve("round-" + (k + 1)),
                    TEST_TIMEOUT, judgedOn(plan.get(k)), false));
        }
        int lanes = Math.max(1, Integer.getInteger("corpus.lanes", LANES));
        ExecutorService ahead = Executors.newFixedThreadPool(lanes, r -> Thread.ofPlatform().daemon().name("corpus-ahead").unstarted(r));
        for (int k = 0; k < plan.size(); k++) {
            Round round = rounds.get(k);
            List<Round> next = rounds.subList(k + 1, Math.min(rounds.size(), k + lanes));
            for (CorpusCase c : plan.get(k)) {
                tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                    next.forEach(r -> r.prefetch(ahead));
                    check(c, round.outcome(c.question()));
                }));
            }
        }
        return tests.stream().onClose(ahead::shutdownNow);
    }

    @Test
    void everyQuestionHasAtLeastTwoWrongSolutions() {
        Map<String, Long> perQuestion = count(c -> !c.correct());
        assertThat(Fixtures.CATALOG.questions()).allSatisfy(q -> assertThat(perQuestion.getOrDefault(q.id(), 0L))
                .as("wrong solutions for %s in %s", q.id(), CORPUS).isGreaterThanOrEqualTo(2));
    }

    /** A correct solution written differently from the reference must score full marks: every question has one. */
    @Test
    void everyQuestionHasACorrectVariant() {
        Map<String, Long> perQuestion = count(CorpusCase::correct);
        List<String> none = Fixtures.CATALOG.questions().stream().map(Question::id)
                .filter(id -> perQuestion.getOrDefault(id, 0L) == 0).toList();
        assertThat(none).as("questions without a correct variant (correct=true) in %s", CORPUS).isEmpty();
    }

    @Test
    void everyHiddenTestIsFailedByAtLeastOneWrongSolution() {
        // Declared, not measured (measuring is the dynamic tests' job): each hidden test must be named in
        // some case's fails= list, so that no hidden test exists that no known mistake trips.
        Set<String> named = CorpusCase.load(CORPUS).stream().flatMap(c -> c.fails().stream()).collect(Collectors.toSet());
        List<String> unnamed = Fixtures.CATALOG.questions().stream().flatMap(q -> q.tests().stream())
                .filter(t -> t.visibility() == Question.Visibility.HIDDEN)
                .map(Question.TestSpec::method).filter(m -> !named.contains(m)).toList();
        assertThat(unnamed).as("hidden tests that no wrong solution in the corpus is expected to fail").isEmpty();
    }

    /**
     * The tests each wrong solution of a round is judged on: those its {@code fails=} names (the check looks at
     * nothing else, and a wrong solution's other tests mostly wait out their limits). Correct variants and policy
     * cases are graded on every test.
     */
    private static Map<String, Set<String>> judgedOn(List<CorpusCase> round) {
        Map<String, Set<String>> only = new LinkedHashMap<>();
        for (CorpusCase c : round) {
            if (c.correct() || c.fails().contains("policy")) {
                continue;
            }
            // Names that are not tests of the question are left to check(), which fails the case naming them.
            Set<String> known = Fixtures.CATALOG.find(c.question()).map(q -> q.tests().stream()
                    .map(Question.TestSpec::method).collect(Collectors.toSet())).orElse(Set.of());
            Set<String> named = c.fails().stream().filter(known::contains).collect(Collectors.toSet());
            if (!named.isEmpty()) {
                only.put(c.question(), named);
            }
        }
        return only;
    }

    private static Map<String, Long> count(java.util.function.Predicate<CorpusCase> which) {
        return CorpusCase.load(CORPUS).stream().filter(which).map(CorpusCase::question)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static void check(CorpusCase c, Round.Outcome o) {
        GradeReport.QuestionResult q = o.question();
        if (c.correct()) {
            String approach = c.require("approach");
            // A test without a verdict (INCONCLUSIVE: a speedup check without its cores, a Slurm check without a
            // cluster) blames nothing; its points are excused here, and only its, as in SolutionCoverageTest.
            int excused = o.tests().stream().filter(t -> t.status() == Status.INCONCLUSIVE)
                    .mapToInt(GradeReport.TestResult::max).sum();
            assertThat(q.score() + excused).as("%s is a correct variant (%s) and must score full marks:\n%s", c.name(),
                    approach, o.table()).isEqualTo(q.maxScore());
            return;
        }
        String mistake = c.require("mistake");
        List<String> fails = c.fails();
        assertThat(fails).as("fails in %s/expect.properties (see grader/AUTHORING.md)", c.dir()).isNotEmpty();
        String hint = c.require("hint").toLowerCase();
        assertThat(q.score()).as("%s (%s) must lose points:\n%s", c.name(), mistake, o.table()).isLessThan(q.maxScore());

        if (fails.contains("policy")) {
            assertThat(q.status()).as("status of %s:\n%s", c.name(), o.table()).isEqualTo("policy-violation");
            assertThat(String.join("\n", q.problems()).toLowerCase()).as("policy feedback for %s", mistake).contains(hint);
            return;
        }
        List<GradeReport.TestResult> expected = o.tests().stream()
                .filter(t -> fails.contains(t.id().substring(t.id().indexOf('.') + 1))).toList();
        for (String name : fails) {
            assertThat(expected).as("test '%s' named in %s/expect.properties fails= (no such test of %s)", name, c.dir(),
                    c.question()).anyMatch(t -> t.id().endsWith("." + name));
        }
        List<GradeReport.TestResult> failed = expected.stream().filter(t -> t.status() != Status.PASSED).toList();
        // A speedup check that could not measure gives no verdict either way: the case is not judged on this run
        // (skipped with the figures), never passed or failed by a machine that was busy.
        org.junit.jupiter.api.Assumptions.assumeFalse(!failed.isEmpty()
                && failed.stream().allMatch(t -> t.status() == Status.INCONCLUSIVE),
                () -> c.name() + ": no verdict on this run (the speedup check could not measure):\n" + o.table());
        assertThat(failed).as("%s (%s): none of %s failed:\n%s", c.name(), mistake, fails, o.table()).isNotEmpty();
        assertThat(failed).as("feedback naming the mistake (%s)", hint)
                .anySatisfy(t -> assertThat((t.hint() + " " + t.message()).toLowerCase()).contains(hint));
    }
}
