package parakit.grader.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import parakit.grader.build.Compiler;
import parakit.grader.policy.Policy;
import parakit.grader.question.Question;
import parakit.grader.run.Environment;
import parakit.grader.run.IsolatedRunner;
import parakit.grader.run.Outcome;
import parakit.grader.run.RunSettings;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Scorer;
import parakit.grader.score.Status;
import parakit.grader.submission.Skeletons;
import parakit.grader.submission.Submission;

/**
 * The grading pipeline, one stage after the other: submission → build → policy → isolated run → score.
 * (Rendering the report is the caller's: the CLI and the batch grader choose formats.)
 *
 * <p>Each stage may stop a question (not attempted, missing file, compile error, policy violation) without
 * stopping the others. Temporary files live under a fresh work folder, deleted afterwards unless {@code keepWork}.
 */
public final class Grader {

    private final RunSettings settings;
    private final boolean enforcePolicy;

    /** A grader that enforces the static policy. */
    public Grader(RunSettings settings) {
        this(settings, true);
    }

    /**
     * @param enforcePolicy false only for authors checking how tests behave on code that breaks a rule
     *                      (for example that every test fails on the untouched skeletons, which are then graded
     *                      rather than reported as not attempted); never for grading
     */
    public Grader(RunSettings settings, boolean enforcePolicy) {
        this.settings = settings;
        this.enforcePolicy = enforcePolicy;
    }

    /**
     * Grades {@code folder} on {@code questions}.
     *
     * @throws Submission.InvalidSubmissionException when the folder is not a submission at all
     */
    public GradeReport grade(Path folder, List<Question> questions, Path workParent, boolean keepWork) {
        long begin = System.nanoTime();
        Submission submission = Submission.open(folder);
        Path work = createWork(workParent);
        try {
            Map<String, Scorer.Blocked> blocked = new LinkedHashMap<>();
            List<Submission.Sources> usable = new ArrayList<>();
            Skeletons skeletons = Skeletons.bundled();
            for (Question q : questions) {
                Submission.Sources s = submission.sourcesOf(q);
                if (enforcePolicy && skeletons.untouched(s)) {
                    // Nothing to grade: said as such, not as a policy violation or a failure of every test. (An
                    // author's check without the policy runs the tests on the skeletons on purpose.)
                    blocked.put(q.id(), new Scorer.Blocked(Status.NOT_ATTEMPTED, List.of("not attempted: "
                            + String.join(", ", q.sources().stream().map(r -> "src/main/java/" + r).toList())
                            + (q.sources().size() == 1 ? " is" : " are") + " still the skeleton as handed out")));
                } else if (s.usable()) {
                    usable.add(s);
                } else {
                    blocked.put(q.id(), new Scorer.Blocked(Status.MISSING_FILE, s.problems()));
                }
            }

            Compiler.BuildResult build = new Compiler(compileLimit()).compile(submission, usable, work.resolve("build"));
            build.failed().forEach((id, errors) -> blocked.put(id, new Scorer.Blocked(Status.COMPILE_ERROR, errors)));

            List<Question> compiled = questions.stream().filter(q -> !blocked.containsKey(q.id()) && build.compiled(q)).toList();
            Duration policyTime = Duration.ZERO;
            if (!compiled.isEmpty() && enforcePolicy) {
                Policy.PolicyResult policy = new Policy().check(build.classes(), compiled);
                policy.violations().forEach((id, v) -> blocked.put(id, new Scorer.Blocked(Status.POLICY_VIOLATION, v)));
                policyTime = policy.duration();
            }

            List<Question> runnable = compiled.stream().filter(q -> !blocked.containsKey(q.id())).toList();
            Map<String, Outcome> outcomes = Map.of();
            List<String> notes = new ArrayList<>();
            if (!enforcePolicy) {
                notes.add("WARNING: graded without the static policy (an author's check): not a trustworthy grade, "
                        + "since without it the code under test could reach the harness by reflection");
            }
            Duration runTime = Duration.ZERO;
            int jvms = 0;
            List<Environment> environments = List.of();
            if (!runnable.isEmpty()) {
                // The run gets what is left of the limit after compiling: a grading ends within its limit, compile included.
                Duration left = settings.runTimeout().minusNanos(System.nanoTime() - begin);
                RunSettings forRun = settings.withRunTimeout(left.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : left);
                IsolatedRunner.RunResult run = new IsolatedRunner(forRun).run(build.classes(), runnable, work.resolve("run"));
                outcomes = run.outcomes();
                notes.addAll(run.notes());
                runTime = run.duration();
                jvms = run.jvms();
                environments = run.environments();
            }
            return new Scorer().score(submission.root().toString(), questions, blocked, outcomes, notes, environments,
                    build.duration(), policyTime, runTime, Duration.ofNanos(System.nanoTime() - begin), jvms);
        } finally {
            if (!keepWork) {
                deleteQuietly(work);
            }
        }
    }

    /**
     * Each compiler run's limit: a fifth of the run limit, at most {@link Compiler#DEFAULT_LIMIT}; the compile stage
     * as a whole takes at most three of them, and the test JVMs get what is left of the run limit.
     */
    private Duration compileLimit() {
        Duration fifth = settings.runTimeout().dividedBy(5);
        return fifth.compareTo(Compiler.DEFAULT_LIMIT) < 0 ? fifth : Compiler.DEFAULT_LIMIT;
    }

    private static Path createWork(Path parent) {
        try {
            if (parent != null) {
                Files.createDirectories(parent);
                return Files.createTempDirectory(parent, "parakit-grade-");
            }
            return Files.createTempDirectory("parakit-grade-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder" + (parent == null ? "" : " under " + parent), e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a file a killed process still held; the OS temp cleaner takes it later.
                }
            });
        } catch (IOException e) {
            // Nothing to delete.
        }
    }
}
