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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.question.Question;
import parakit.grader.report.JsonReport;
import parakit.grader.report.TextTable;
import parakit.grader.run.Sandbox;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * Untrusted code cannot take the grader down. Each case of {@code src/test/resources/hostile/<case>/} puts
 * one hostile class among the reference solutions; grading must finish, give that question 0 with feedback
 * that says what happened, give the other questions full marks, and leave no process of the run alive.
 *
 * <p>{@code expect.properties}: {@code question}; {@code status} (a {@link Status} that some test of the
 * question must have, or ANY); {@code message} (a substring of that test's message or the question's
 * problems); optional {@code note} (a substring of one of the report's notes); optional {@code policy=off}: grade
 * without the static policy, to show that the JVM and OS levels hold by themselves (such cases need the OS-level
 * confinement, {@link Sandbox}, and are skipped with the reason where it is not available).
 *
 * <p>Every case, besides its own expectations: no process of the run is alive afterwards (the test JVMs' users
 * own none, none carries the hostile sleepers' marker); nothing was written outside the run (no hostile marker
 * file in /tmp, /var/tmp, /dev/shm, the home folder or a decoy grading folder); the grading ended within its limit;
 * no hidden test's bytes or source appear in the report; and the report stays small (its JSON under 1 MB).
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
            String only = System.getProperty("hostile", "");
            return list.filter(Files::isDirectory).filter(c -> c.getFileName().toString().contains(only)).sorted().toList().stream()
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
        Fixtures.CATALOG.questions().stream().filter(q -> !q.id().equals(id) && !q.mayBeInconclusive()).limit(2)
                .forEach(questions::add);

        boolean policy = !"off".equals(p.getProperty("policy"));
        Assumptions.assumeTrue(policy || Sandbox.enabled(), () -> "needs the OS-level confinement: " + Sandbox.status());
        Path work = Files.createDirectories(temp.resolve("work"));
        Path decoy = Files.createDirectories(Path.of("/tmp").resolve("parakit-grade-decoy-" + ProcessHandle.current().pid()));
        long begin = System.nanoTime();
        int leasedBefore = Sandbox.leased().size();
        GradeReport r;
        try {
            r = Fixtures.gradeIn(Fixtures.solutionsWith(dir, temp.resolve("submission")), questions, TEST_TIMEOUT, work,
                    policy);
        } finally {
            long seconds = (System.nanoTime() - begin) / 1_000_000_000L;
            assertThat(seconds).as("the grading's wall time, s (run limit %s)", Fixtures.RUN_LIMIT)
                    .isLessThan(Fixtures.RUN_LIMIT.toSeconds() + 30);
        }
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
        assertThat(processesWithMarker("600.4242")).as("hostile sleepers alive after grading").isEmpty();
        List<Integer> uids = Sandbox.leased().subList(leasedBefore, Sandbox.leased().size());
        assertThat(processesOf(uids)).as("processes of the test JVMs' users %s after grading", uids).isEmpty();
        List<Path> written = new ArrayList<>();
        for (String d : List.of("/tmp", "/var/tmp", "/dev/shm", System.getProperty("user.home"), decoy.toString())) {
            for (String name : List.of("parakit-hostile-marker", "parakit-hostile-filler")) {
                Path marker = Path.of(d, name);
                if (Files.exists(marker)) {
                    written.add(marker);
                    Files.delete(marker);
                }
            }
        }
        Files.deleteIfExists(decoy);
        assertThat(written).as("files the hostile code wrote outside its run").isEmpty();
        String json = JsonReport.render(r);
        assertThat(json.length()).as("size of the JSON report").isLessThan(1_000_000);
        assertThat(json).as("the report holds no class file (base64 or hex) and no hidden test source")
                .doesNotContain("yv66vg").doesNotContainIgnoringCase("cafebabe").doesNotContain("@Question(")
                .doesNotContain("class CounterHiddenTest");
    }

    /** Live processes (not zombies) whose command line contains {@code marker}. */
    static List<String> processesWithMarker(String marker) {
        return procs(line -> line.cmdline().contains(marker));
    }

    /** Live processes owned by one of {@code uids} (the users the OS-level confinement leased to this run's JVMs). */
    static List<String> processesOf(List<Integer> uids) {
        return procs(line -> uids.contains(line.uid()));
    }

    private record Proc(long pid, int uid, String state, String cmdline) {
    }

    private static List<String> procs(java.util.function.Predicate<Proc> which) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String status = Files.readString(proc.resolve("status"));
                    String state = status.lines().filter(l -> l.startsWith("State:")).findFirst().orElse("State: ?")
                            .substring(6).trim();
                    int uid = Integer.parseInt(status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow()
                            .split("\\s+")[1]);
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    Proc p = new Proc(Long.parseLong(proc.getFileName().toString()), uid, state, cmd);
                    if (!state.startsWith("Z") && which.test(p)) {
                        found.add(p.pid() + " uid " + uid + " " + state + ": " + cmd);
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
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
