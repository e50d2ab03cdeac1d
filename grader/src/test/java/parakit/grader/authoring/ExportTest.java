package parakit.grader.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.corpus.SolutionRegions;

/** The students' repository: complete, standalone, and without anything students must not see. */
class ExportTest {

    @TempDir
    Path temp;

    @Test
    void anExportOfEverySectionHoldsNoSolutionNoHiddenTestAndNoInstructorText() throws IOException {
        Path out = temp.resolve("practical");
        Exporter.Result r = new Exporter().export(Fixtures.root(), out, List.of());
        assertThat(r.sections()).containsExactlyElementsOf(Exporter.sections(Fixtures.root()));
        assertThat(r.files()).contains("pom.xml", "README.md", ".gitignore", ".github/workflows/parakit.yml",
                ".github/parakit-points.sh", "src/test/java/parakit/PointsSummary.java",
                "src/test/java/parakit/support/Hint.java", "lessons/threading.md",
                "src/main/java/parakit/threading/Counter.java", "src/test/java/parakit/threading/CounterTest.java");
        assertThat(r.files()).noneMatch(f -> f.contains("HiddenTest") || f.contains("hidden") || f.contains("corpus"));
        assertThat(out.resolve(".github/parakit-points.sh")).isExecutable();

        // No line of any solution region, unless the same line also stands outside every region of that file.
        List<String> leaks = new ArrayList<>();
        Path solutions = Fixtures.root().resolve("solutions/src/main/java");
        try (Stream<Path> walk = Files.walk(solutions)) {
            for (Path f : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String rel = solutions.relativize(f).toString();
                Path exported = out.resolve("src/main/java").resolve(rel);
                assertThat(exported).as("skeleton of %s in the export", rel).isRegularFile();
                List<String> lines = Files.readAllLines(f);
                SolutionRegions regions = SolutionRegions.of(lines);
                Map<String, Integer> outside = new HashMap<>();
                List<String> inside = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("// stub:")) {
                        // A region's stub is the skeleton's code on purpose, even where the solution has it too.
                        outside.merge(line.substring("// stub:".length()).strip(), 1, Integer::sum);
                    }
                    if (regions.holding(i).isPresent()) {
                        if (i >= regions.holding(i).get().firstCode() && line.length() >= 12 && !line.startsWith("//")) {
                            inside.add(line);
                        }
                    } else {
                        outside.merge(line, 1, Integer::sum);
                    }
                }
                List<String> shipped = Files.readAllLines(exported).stream().map(String::strip).toList();
                for (String line : inside) {
                    if (!outside.containsKey(line) && shipped.contains(line)) {
                        leaks.add(rel + ": " + line);
                    }
                }
            }
        }
        assertThat(leaks).as("solution lines in the students' skeletons").isEmpty();

        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(text).as("%s", out.relativize(f)).doesNotContain(">>> SOLUTION", "<<< SOLUTION",
                        "../solutions", "parakit generate", "parakit-source-tree", "HiddenTest", "PARAKIT_GRADER_TOKEN");
            }
        }
        String pom = Files.readString(out.resolve("pom.xml"));
        assertThat(pom).contains("<artifactId>parakit-exercises</artifactId>").doesNotContain("<profiles>")
                .contains("select-jdk-toolchain");
        assertThat(Files.readString(out.resolve("README.md"))).contains("mvn test").contains("hidden tests")
                .contains("(lessons/threading.md)").doesNotContain("{{");
        assertThat(Files.readString(out.resolve(".gitignore"))).contains("target/");
    }

    @Test
    void aSectionListExportsOnlyThoseSectionsAndBadInputWritesNothing() throws IOException {
        Path out = temp.resolve("week1");
        Exporter.Result r = new Exporter().export(Fixtures.root(), out, List.of("threading"));
        assertThat(r.files()).filteredOn(f -> f.startsWith("src/main/java/parakit/"))
                .allMatch(f -> f.startsWith("src/main/java/parakit/threading/"));
        assertThat(r.files()).filteredOn(f -> f.startsWith("lessons/")).containsExactly("lessons/threading.md");
        assertThat(Files.readString(out.resolve("README.md"))).contains("lessons/threading.md")
                .doesNotContain("lessons/asyncio.md");

        assertThatThrownBy(() -> new Exporter().export(Fixtures.root(), temp.resolve("x"), List.of("threads")))
                .hasMessageContaining("unknown section 'threads'").hasMessageContaining("threading");
        assertThat(temp.resolve("x")).doesNotExist();
        assertThatThrownBy(() -> new Exporter().export(Fixtures.root(), out, List.of("threading")))
                .hasMessageContaining("is not empty").hasMessageContaining("fix:");

        // A lesson that still carries a solution marker stops the export before anything is written.
        Path root = temp.resolve("tree");
        Fixtures.copyTree(Fixtures.root().resolve("exercises"), root.resolve("exercises"));
        Path lesson = root.resolve("exercises/lessons/threading.md");
        Files.writeString(lesson, Files.readString(lesson) + "\n    // >>> SOLUTION leaked\n");
        assertThatThrownBy(() -> new Exporter().export(root, temp.resolve("y"), List.of("threading")))
                .hasMessageContaining("lessons/threading.md:").hasMessageContaining("must not reach students");
        assertThat(temp.resolve("y")).doesNotExist();
    }

    /**
     * A student's first hour: the export is a Git repository of its own whose {@code mvn test} runs (0 public points on
     * the skeletons, all of them with the solutions copied in), and whose workflow step turns the points into the
     * check's verdict and Classroom's notices.
     */
    @Test
    void theExportBuildsOnItsOwnAndItsWorkflowStepReportsThePoints() throws Exception {
        Assumptions.assumeTrue(Fixtures.onPath("mvn") && Fixtures.onPath("git"), "needs mvn and git on PATH");
        Path out = temp.resolve("student");
        new Exporter().export(Fixtures.root(), out, List.of("threading"));
        assertThat(Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "git", "init", "-q").code()).isZero();

        Fixtures.ProgramRun skeletons = Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "mvn", "-B", "-o", "-q", "test", "-Dmaven.test.failure.ignore=true");
        assertThat(skeletons.code()).as("mvn test on the skeletons:\n%s", skeletons.out()).isZero();
        assertThat(skeletons.out()).contains("parakit public tests, points per question");
        // No concept hint for a failure that is only a stub's "TODO", thrown in the test's own thread, in a thread
        // the test started (TryLock, ThreadData, ActivePool) or quoted by an AssertJ check (GuardedSection).
        assertThat(Files.readString(out.resolve("target/parakit/summary.md"))).as("hints in the summary of skeletons")
                .doesNotContain("aHeldLockNeedsSeveralAttempts", "aNewThreadSeesTheInitialCounter",
                        "neverMoreThanThePermitsWorkAtOnce", "anExceptionReachesTheCallerAndTheGuardIsFreeAgain",
                        "setReleasesAWaiter");
        String points = Files.readString(out.resolve("target/parakit/points.properties"));
        assertThat(points).contains("earned=0\n").containsPattern("max=[1-9]");
        assertThat(Files.readString(out.resolve("target/parakit/classroom.json"))).startsWith("{\"version\":1,")
                .contains("\"status\":\"fail\"").contains("\"max_score\":");
        Fixtures.ProgramRun failing = Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "bash", ".github/parakit-points.sh", "target/parakit");
        assertThat(failing.code()).as(failing.out()).isEqualTo(1);
        assertThat(failing.out()).contains("::notice title=Autograding complete::Points 0/")
                .contains("::error title=parakit::");
        assertThat(Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "git", "status", "--porcelain", "--ignored=no").out()).as("build output is ignored by Git")
                .doesNotContain("target/");

        Fixtures.copyTree(Fixtures.root().resolve("solutions/src/main/java/parakit/threading"),
                out.resolve("src/main/java/parakit/threading"));
        Fixtures.ProgramRun solved = Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "mvn", "-B", "-o", "-q", "test");
        assertThat(solved.code()).as("mvn test with the solutions:\n%s", solved.out()).isZero();
        Fixtures.ProgramRun passing = Fixtures.runProgram(out, java.time.Duration.ofMinutes(5), "bash", ".github/parakit-points.sh", "target/parakit");
        assertThat(passing.code()).as(passing.out()).isZero();
        String max = Files.readString(out.resolve("target/parakit/points.properties")).replaceAll("(?s).*max=(\\d+).*", "$1");
        assertThat(passing.out()).contains("::notice title=Autograding complete::Points " + max + "/" + max)
                .contains("{\"totalPoints\":" + max + ",\"maxPoints\":" + max + "}");
    }
}
