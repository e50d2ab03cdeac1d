package parakit.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import parakit.grader.corpus.CorpusCase;
import parakit.grader.corpus.Edit;
import parakit.grader.corpus.ReferencePatch;
import parakit.grader.pipeline.Grader;
import parakit.grader.question.Catalog;
import parakit.grader.question.Question;
import parakit.grader.run.RunSettings;
import parakit.grader.score.GradeReport;

/** Shared set-up for the grader's own tests: the source tree, submissions built from it, grading. */
public final class Fixtures {

    /** Loaded once: scanning class files takes a moment. */
    public static final Catalog CATALOG = Catalog.load();

    private Fixtures() {
    }

    /** The parakit source tree (Surefire runs in grader/). */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("grader/pom.xml")) ? here : here.getParent();
    }

    /**
     * A submission made of the reference solutions with the files under {@code overlay} (a folder laid out
     * like src/main/java) put over them: how a student's answer to one question looks among correct others.
     */
    public static Path solutionsWith(Path overlay, Path into) {
        Path src = into.resolve("src/main/java");
        copyTree(root().resolve("solutions/src/main/java"), src);
        if (overlay != null) {
            try (Stream<Path> walk = Files.walk(overlay)) {
                for (Path f : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Path target = src.resolve(overlay.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return into;
    }

    /**
     * A submission made of the reference solutions with one corpus case's edit applied ({@code caseName}
     * is {@code section/case}, as under src/test/resources/corpus): a wrong answer to one question among
     * correct others.
     */
    public static Path solutionsWithCorpusCase(String caseName, Path into) {
        Path dir = root().resolve("grader/src/test/resources/corpus").resolve(caseName);
        CorpusCase c = CorpusCase.load(dir.getParent()).stream().filter(x -> x.dir().equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError("no corpus case " + caseName));
        Edit edit = ReferencePatch.apply(caseName, c.require("question"), c.diff(), root().resolve("solutions/src/main/java"));
        solutionsWith(null, into);
        edit.writeInto(into.resolve("src/main/java"));
        return into;
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GradeReport grade(Path submission, List<Question> questions, Duration testTimeout) {
        return grade(submission, questions, testTimeout, true);
    }

    public static GradeReport grade(Path submission, List<Question> questions, Duration testTimeout, boolean policy) {
        return new Grader(settings(testTimeout), policy).grade(submission, questions, null, false);
    }

    /** Grades with the work folder (build output, test JVMs' files) under {@code workParent}. */
    public static GradeReport gradeIn(Path submission, List<Question> questions, Duration testTimeout, Path workParent) {
        return gradeIn(submission, questions, testTimeout, workParent, true);
    }

    /** Like {@link #gradeIn(Path, List, Duration, Path)}, with the static policy on or off. */
    public static GradeReport gradeIn(Path submission, List<Question> questions, Duration testTimeout, Path workParent,
                                      boolean policy) {
        return new Grader(settings(testTimeout), policy).grade(submission, questions, workParent, false);
    }

    /**
     * Like {@link #gradeIn(Path, List, Duration, Path, boolean)}, optionally stopping each question at its first
     * test that does not pass ({@link RunSettings#stopAtFirstFailure()}).
     */
    public static GradeReport gradeIn(Path submission, List<Question> questions, Duration testTimeout, Path workParent,
                                      boolean policy, boolean stopAtFirstFailure) {
        RunSettings settings = stopAtFirstFailure ? settings(testTimeout).stoppingAtFirstFailure() : settings(testTimeout);
        return new Grader(settings, policy).grade(submission, questions, workParent, false);
    }

    /**
     * {@code q} restricted to the tests whose method names are in {@code methods} (each must exist), for a grading
     * that only needs their verdicts.
     */
    public static Question withTests(Question q, java.util.Set<String> methods) {
        List<Question.TestSpec> tests = q.tests().stream().filter(t -> methods.contains(t.method())).toList();
        java.util.Set<String> known = tests.stream().map(Question.TestSpec::method).collect(java.util.stream.Collectors.toSet());
        List<String> unknown = methods.stream().filter(m -> !known.contains(m)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new AssertionError(q.id() + " has no test(s) " + unknown);
        }
        return new Question(q.id(), q.section(), q.stem(), q.number(), q.title(), q.sources(), q.jvmArgs(),
                q.timeoutSeconds(), tests, q.rules(), q.dedicatedCores(), q.needs());
    }

    /** The whole-run limit of the gradings of these tests. */
    public static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private static RunSettings settings(Duration testTimeout) {
        RunSettings d = RunSettings.defaults();
        return new RunSettings(d.java(), d.heapMegabytes(), d.processors(), testTimeout, RUN_LIMIT);
    }

    /** The catalog's question {@code id}, as if its tests measured a speedup ({@code dedicatedCores}). */
    public static Question asDedicated(String id) {
        Question q = questions(id).getFirst();
        return new Question(q.id(), q.section(), q.stem(), q.number(), q.title(), q.sources(), q.jvmArgs(),
                q.timeoutSeconds(), q.tests(), q.rules(), true, q.needs());
    }

    /**
     * Waits until this JVM has no child process left (tests run one at a time, so any is the last test's), and
     * fails naming those that outlived {@code limit}.
     */
    public static void awaitNoDescendants(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> alive = List.of();
        while (System.nanoTime() < deadline) {
            alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("processes still alive " + limit.toSeconds() + " s after the run: " + alive);
    }

    public static List<Question> questions(String... ids) {
        return Stream.of(ids).map(id -> CATALOG.find(id).orElseThrow(() -> new AssertionError("no question " + id))).toList();
    }

    /** What a program printed (standard output and error together) and its exit code; -1 when it ran past its limit. */
    public record ProgramRun(int code, String out) {
    }

    /**
     * Runs {@code command} in {@code dir} with no input, its output in a temporary file (so that a chatty program
     * never blocks on a full pipe), for at most {@code limit}; a program past its limit is killed.
     */
    public static ProgramRun runProgram(Path dir, Duration limit, String... command)
            throws java.io.IOException, InterruptedException {
        Path log = java.nio.file.Files.createTempFile("parakit-program", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new ProgramRun(-1, String.join(" ", command) + " did not end within " + limit.toSeconds() + " s");
            }
            return new ProgramRun(p.exitValue(), java.nio.file.Files.readString(log));
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    /** Whether {@code program} is an executable on PATH. */
    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
