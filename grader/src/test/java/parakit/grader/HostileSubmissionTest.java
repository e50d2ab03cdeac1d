package parakit.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.question.Question;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * Untrusted code cannot take the grader down. Each case of {@code src/test/resources/hostile/<case>/} puts
 * one hostile class among the reference solutions; grading must finish, give that question 0 with feedback
 * that says what happened, give the other questions full marks, and leave no process of the run alive.
 *
 * <p>{@code expect.properties}: {@code question}; {@code status} (a {@link Status} that some test of the
 * question must have, or ANY); {@code message} (a substring of that test's message or the question's
 * problems); optional {@code note} (a substring of one of the report's notes).
 */
class HostileSubmissionTest {

    private static final Path HOSTILE = Fixtures.root().resolve("grader/src/test/resources/hostile");
    /** Short, so that the cases that hang cost seconds; the tests of the solutions need far less. */
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> hostileCodeIsGradedAndLeavesNothingBehind() throws IOException {
        try (Stream<Path> list = Files.list(HOSTILE)) {
            return list.filter(Files::isDirectory).sorted().toList().stream()
                    .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
        }
    }

    private void check(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("expect.properties"))) {
            p.load(in);
        }
        String id = p.getProperty("question");
        List<Question> questions = new ArrayList<>(Fixtures.questions(id));
        // Two bystanders: correct answers graded in the same run must not suffer from the hostile one.
        Fixtures.CATALOG.questions().stream().filter(q -> !q.id().equals(id) && !q.dedicatedCores()).limit(2)
                .forEach(questions::add);

        Path work = Files.createDirectories(temp.resolve("work"));
        GradeReport r = Fixtures.gradeIn(Fixtures.solutionsWith(dir, temp.resolve("submission")), questions,
                TEST_TIMEOUT, work);
        String table = TextTable.render(r);

        GradeReport.QuestionResult hostile = r.questions().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
        assertThat(hostile.score()).as("%s: the hostile question scores 0:\n%s", dir.getFileName(), table).isZero();
        assertThat(r.questions()).filteredOn(q -> !q.id().equals(id))
                .allSatisfy(q -> assertThat(q.score()).as("bystander %s:\n%s", q.id(), table).isEqualTo(q.maxScore()));

        String status = p.getProperty("status", "ANY");
        String message = p.getProperty("message", "");
        List<String> evidence = new ArrayList<>(hostile.problems());
        r.tests().stream().filter(t -> t.question().equals(id))
                .filter(t -> status.equals("ANY") || t.status() == Status.valueOf(status))
                .forEach(t -> evidence.add(t.status() + " " + t.message()));
        if (!status.equals("ANY") && !status.equals("POLICY_VIOLATION")) {
            assertThat(r.tests()).as("a test of %s with status %s:\n%s", id, status, table)
                    .anyMatch(t -> t.question().equals(id) && t.status() == Status.valueOf(status));
        }
        assertThat(evidence).as("feedback of %s containing '%s':\n%s", id, message, table)
                .anyMatch(e -> e.contains(message));
        String note = p.getProperty("note");
        if (note != null) {
            assertThat(r.notes()).as("report notes:\n%s", table).anyMatch(n -> n.contains(note));
        }
        assertThat(processesMentioning(work)).as("processes of the run still alive after grading").isEmpty();
    }

    /** Live processes whose command line mentions {@code path} (the test JVMs' class path lies under it). */
    static List<String> processesMentioning(Path path) {
        String needle = path.toAbsolutePath().toString();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.contains(needle)) {
                        found.add(proc.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
