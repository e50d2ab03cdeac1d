package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.analysis.ISourceFileCoverage;
import org.jacoco.core.tools.ExecFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.corpus.SolutionRegions;
import parakit.grader.pipeline.Grader;
import parakit.grader.run.RunSettings;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * The reference solutions score full marks, and the coverage gate: every line of every solution region runs when the graded tests run against the reference
 * solutions (JaCoCo's agent in each test JVM). A line no test runs is a line no test checks. Prints the figure per
 * question; fails naming every line that did not run.
 */
class SolutionCoverageTest {

    /**
     * Lines {@code question | region | line text -- why no test can run it} (a branch only a 20 s wait reaches); a
     * text that occurs more than once in its region is named {@code text #n} from its second occurrence on.
     */
    private static final Path EXEMPT = Fixtures.root().resolve("grader/src/test/resources/coverage/exempt.txt");

    @TempDir
    Path temp;

    @Test
    void everyLineOfEverySolutionRegionRunsUnderTheTests() throws Exception {
        Path exec = temp.resolve("coverage");
        RunSettings settings = RunSettings.defaults().withCoverage(new RunSettings.Coverage(agentJar(), exec));
        Path work = temp.resolve("work");
        GradeReport r = new Grader(settings).grade(Fixtures.root().resolve("solutions"), Fixtures.CATALOG.questions(),
                work, true);
        assertThat(r.notes()).noneMatch(n -> n.contains("coverage data"));
        // The reference solutions score full marks on every public and hidden test (the self-grading of the kit,
        // done on this grading rather than on one more). A timing check that could not measure (the machine did not
        // give it a core of its own, even on its retry) is INCONCLUSIVE, never a failure: it is excused here, and
        // only it.
        assertThat(r.questions()).as("questions graded").isNotEmpty();
        assertThat(r.tests()).filteredOn(t -> t.status() != Status.PASSED && t.status() != Status.INCONCLUSIVE)
                .as("tests that fail on the reference solutions:\n%s", parakit.grader.report.TextTable.render(r)).isEmpty();
        int excused = r.tests().stream().filter(t -> t.status() == Status.INCONCLUSIVE)
                .mapToInt(GradeReport.TestResult::max).sum();
        assertThat(r.score() + excused).as("score with the inconclusive checks' points").isEqualTo(r.maxScore());
        assertThat(r.tests()).extracting(GradeReport.TestResult::visibility).contains("public", "hidden");

        ExecFileLoader loader = new ExecFileLoader();
        try (Stream<Path> files = Files.list(exec)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                loader.load(f.toFile());
            }
        }
        CoverageBuilder coverage = new CoverageBuilder();
        Analyzer analyzer = new Analyzer(loader.getExecutionDataStore(), coverage);
        // The bytes that ran: the grader's own compilation of the solutions (its options differ from Maven's).
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path classes : (Iterable<Path>) walk.filter(d -> Files.isDirectory(d)
                    && d.getFileName().toString().matches("classes-\\d+"))::iterator) {
                analyzer.analyzeAll(classes.toFile());
            }
        }

        Map<String, int[]> perQuestion = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        java.util.Map<String, String> exempt = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(EXEMPT)) {
            int reason = line.lastIndexOf(" -- ");
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(reason).as("%s: '%s' has no ' -- reason'", EXEMPT, line).isPositive();
                exempt.put(line.substring(0, reason).strip(), line.substring(reason + 4).strip());
            }
        }
        java.util.Set<String> exemptUsed = new java.util.HashSet<>();
        Path sources = Fixtures.root().resolve("solutions/src/main/java");
        for (ISourceFileCoverage file : coverage.getSourceFiles()) {
            Path source = sources.resolve(file.getPackageName()).resolve(file.getName());
            List<String> lines = Files.readAllLines(source);
            String question = file.getPackageName().substring("parakit/".length()) + "."
                    + file.getName().replace(".java", "");
            int[] counts = perQuestion.computeIfAbsent(question, q -> new int[2]);
            for (SolutionRegions.Region region : SolutionRegions.of(lines).regions()) {
                Map<String, Integer> seen = new java.util.HashMap<>();
                for (int index = region.firstCode(); index < region.end(); index++) {
                    // The same text twice in a region: the second is "text #2", and so on.
                    int occurrence = seen.merge(lines.get(index).strip(), 1, Integer::sum);
                    int status = file.getLine(index + 1).getStatus();
                    if (status == ICounter.EMPTY) {
                        continue; // no code on this line (a comment, a brace)
                    }
                    String key = question + " | " + region.name() + " | " + lines.get(index).strip()
                            + (occurrence > 1 ? " #" + occurrence : "");
                    if (exempt.containsKey(key)) {
                        exemptUsed.add(key);
                        continue; // a line no test can reach in its time, with the reason in the file
                    }
                    counts[1]++;
                    if (status == ICounter.NOT_COVERED) {
                        missed.add(key + "   (line " + (index + 1) + ")");
                    } else {
                        counts[0]++;
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder("solution-region lines run by the graded tests, per question\n");
        perQuestion.forEach((q, c) -> table.append(String.format("  %-30s %3d / %-3d %5.1f %%%n", q, c[0], c[1],
                c[1] == 0 ? 100.0 : 100.0 * c[0] / c[1])));
        System.out.print(table);
        assertThat(perQuestion).as("questions with coverage data").hasSizeGreaterThanOrEqualTo(Fixtures.CATALOG.questions().size());
        assertThat(missed).as("solution-region lines that no graded test runs (a line no test runs is a line no "
                + "test checks; a line no test can reach goes into %s with the reason):\n%s", EXEMPT, table).isEmpty();
        assertThat(exempt.keySet()).as("exemptions in %s that match no uncovered line any more", EXEMPT)
                .isSubsetOf(exemptUsed);
    }

    /** JaCoCo's runtime agent jar (a test dependency). */
    private static Path agentJar() throws URISyntaxException {
        try {
            return Path.of(Class.forName("org.jacoco.agent.rt.RT").getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("org.jacoco.agent (runtime) is a test dependency of the grader", e);
        }
    }
}
