package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;

/**
 * The instructor's loop, against local bare repositories standing in for the students' remote ones: collect the
 * last commit before the deadline, batch-grade the class, publish each student's feedback to a branch of their
 * repository.
 */
class CourseFlowTest {

    @TempDir
    Path temp;

    private static final Instant DEADLINE = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void collectGradePublishAndPublishAgain() throws Exception {
        Path counter = Fixtures.root().resolve("solutions/src/main/java/parakit/threading/Counter.java");
        Path skeleton = Fixtures.root().resolve("exercises/src/main/java/parakit/threading/Counter.java");
        Path alice = studentRepo("alice", List.of(
                new Commit(counter, "2026-05-30T10:00:00Z", "solved"),
                new Commit(skeleton, "2026-06-02T10:00:00Z", "after the deadline")));
        Path bob = studentRepo("bob", List.of(new Commit(skeleton, "2026-05-01T10:00:00Z", "start")));
        Path dave = studentRepo("dave", List.of(new Commit(counter, "2026-06-05T10:00:00Z", "late")));
        Path roster = temp.resolve("roster.csv");
        Files.writeString(roster, """
                # the class of 2026
                student,repository,lms_id,name
                alice,%s,1001,"Alice, A."
                bob,%s,1002,Bob B.
                carol,%s,1003,Carol C.
                dave,%s,1004,Dave D.
                """.formatted(alice, bob, temp.resolve("no-such-repo.git"), dave));
        Roster r = Roster.read(roster);
        assertThat(r.entries()).extracting(Roster.Entry::name).contains("Alice, A.");

        Path cls = temp.resolve("class");
        Map<String, Collect.Collected> collected = new Collect().run(r, DEADLINE, null, cls).stream()
                .collect(Collectors.toMap(Collect.Collected::student, Function.identity()));
        assertThat(collected.get("alice").status()).isEqualTo("collected");
        assertThat(collected.get("alice").commit()).isEqualTo(sha(alice, "main~1"));
        assertThat(cls.resolve("alice/src/main/java/parakit/threading/Counter.java")).hasSameTextualContentAs(counter);
        assertThat(cls.resolve("alice/" + Collect.MARKER)).content().startsWith(sha(alice, "main~1"));
        assertThat(collected.get("bob").status()).isEqualTo("collected");
        assertThat(collected.get("carol").status()).isEqualTo("failed");
        assertThat(collected.get("carol").reason()).contains("cannot fetch");
        assertThat(collected.get("dave").status()).isEqualTo("failed");
        assertThat(collected.get("dave").reason()).contains("no commit").contains("before");
        assertThat(cls.resolve(".parakit/collected.csv")).content().contains("alice").contains(sha(alice, "main~1"))
                .contains("carol");
        assertThat(cls.resolve("dave")).doesNotExist();

        // A folder the collection did not write is left alone.
        Files.createDirectories(cls.resolve("erin"));
        Files.writeString(cls.resolve("erin/mine.txt"), "keep me");
        Path erinRoster = temp.resolve("erin.csv");
        Files.writeString(erinRoster, "student,repository\nerin," + bob + "\n");
        assertThat(new Collect().run(Roster.read(erinRoster), DEADLINE, null, cls).getFirst().reason())
                .contains("was not written by a collection");
        assertThat(cls.resolve("erin/mine.txt")).content().isEqualTo("keep me");
        Files.delete(cls.resolve("erin/mine.txt"));
        Files.delete(cls.resolve("erin"));

        Question q = Fixtures.questions("threading.Counter").getFirst();
        Path graded = temp.resolve("graded");
        PrintStream discard = new PrintStream(java.io.OutputStream.nullOutputStream());
        new Batch(new LocalBackend(2, Duration.ofMinutes(3), temp.resolve("work")), List.of(q), "test", discard, true)
                .forLms(new Gradebook.Lms(r, null)).run(cls, graded, false);
        assertThat(graded.resolve("feedback/alice.md")).content().contains("7 / 7");
        // The LMS files carry the roster's ids and names, and the feedback itself rather than a path on this disk.
        assertThat(graded.resolve("gradebook-canvas.csv")).content().contains("\"Alice, A.\",1001,,alice,,7\r\n");
        String moodle = Files.readString(graded.resolve("gradebook-moodle.csv"));
        assertThat(moodle).startsWith("username,idnumber,parakit,feedback").contains("alice,1001,7,7 / 7 points.")
                .doesNotContain(graded.toString()).doesNotContain("feedback/");
        assertThat(moodle).contains("bob,1002,0,\"0 / 7 points.\nthreading Q6 A counter that loses no increment: 0 / 7, "
                + "not-attempted");
        assertThat(graded.resolve("summary.md")).content()
                .contains("## In the roster, without a submission (2)\n\ncarol, dave\n");

        Map<String, String> commits = Map.of("alice", collected.get("alice").commit());
        Map<String, Publish.Published> published = publish(r, graded, commits);
        assertThat(published.get("alice").status()).isEqualTo("published");
        assertThat(published.get("bob").status()).isEqualTo("published");
        assertThat(published.get("carol").status()).isEqualTo("no feedback");
        assertThat(git(alice, "show", "parakit-feedback:FEEDBACK.md")).contains("7 / 7");
        assertThat(git(alice, "log", "-1", "--format=%s", "parakit-feedback"))
                .isEqualTo("parakit feedback on commit " + collected.get("alice").commit());
        assertThat(git(bob, "show", "parakit-feedback:FEEDBACK.md")).contains("not-attempted");
        assertThat(git(alice, "rev-parse", "main")).as("the student's own branch is not touched")
                .isEqualTo(sha(alice, "main"));

        Map<String, Publish.Published> again = publish(r, graded, commits);
        assertThat(again.get("alice").status()).isEqualTo("unchanged");
        assertThat(git(alice, "rev-list", "--count", "parakit-feedback")).isEqualTo("1");

        Files.writeString(graded.resolve("feedback/frank.md"), "# feedback of nobody");
        assertThat(publish(r, graded, commits).get("frank").status()).isEqualTo("not in roster");
    }

    @Test
    void aRosterWithoutAStudentColumnOrWithAnUnusableNameIsRefusedWithTheLine() throws IOException {
        Path bad = temp.resolve("bad.csv");
        Files.writeString(bad, "login_name,repo\nalice,x\n");
        assertThatThrownBy(() -> Roster.read(bad)).hasMessageContaining("bad.csv:1").hasMessageContaining("'student'");
        Files.writeString(bad, "student,repository\n../etc,x\n");
        assertThatThrownBy(() -> Roster.read(bad)).hasMessageContaining("bad.csv:2").hasMessageContaining("fix:");
        Files.writeString(bad, "github_username,student_repository_url\nalice,x\nalice,y\n");
        assertThatThrownBy(() -> Roster.read(bad)).hasMessageContaining("listed twice");
        Files.writeString(bad, "github_username,student_repository_url\nalice,x\n");
        Roster classroom = Roster.read(bad);
        assertThat(classroom.find("assignment-1-alice")).map(Roster.Entry::repository).hasValue("x");
    }

    private Map<String, Publish.Published> publish(Roster r, Path graded, Map<String, String> commits) {
        return new Publish().run(r, graded, "parakit-feedback", commits, temp.resolve("scratch")).stream()
                .collect(Collectors.toMap(Publish.Published::student, Function.identity()));
    }

    private record Commit(Path counter, String date, String message) {
    }

    /** A bare repository with one commit per entry on main, each with its file and committer date. */
    private Path studentRepo(String name, List<Commit> commits) throws IOException {
        Path work = Files.createDirectories(temp.resolve("src-" + name));
        Path bare = temp.resolve(name + ".git");
        gitOk(temp, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        gitOk(work, "init", "--quiet", "--initial-branch=main");
        for (Commit c : commits) {
            Path file = work.resolve("src/main/java/parakit/threading/Counter.java");
            Files.createDirectories(file.getParent());
            Files.copy(c.counter(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            gitOk(work, "add", "-A");
            Git.Result r = Git.run(work, Map.of("GIT_AUTHOR_NAME", name, "GIT_AUTHOR_EMAIL", name + "@example.org",
                    "GIT_COMMITTER_NAME", name, "GIT_COMMITTER_EMAIL", name + "@example.org",
                    "GIT_AUTHOR_DATE", c.date(), "GIT_COMMITTER_DATE", c.date()), null, "commit", "--quiet", "-m", c.message());
            assertThat(r.ok()).as(r.err()).isTrue();
        }
        gitOk(work, "push", "--quiet", bare.toString(), "main");
        return bare;
    }

    private static String sha(Path bare, String rev) {
        return git(bare, "rev-parse", rev);
    }

    private static String git(Path dir, String... args) {
        Git.Result r = Git.run(dir, args);
        assertThat(r.ok()).as("git %s: %s", String.join(" ", args), r.err()).isTrue();
        return r.out();
    }

    private static void gitOk(Path dir, String... args) {
        git(dir, args);
    }
}
