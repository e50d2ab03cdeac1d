package parakit.grader.corpus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import parakit.grader.Fixtures;
import parakit.grader.report.TextTable;
import parakit.grader.score.GradeReport;

/**
 * One graded submission that answers several questions at once: the reference solutions with at most one
 * {@link Edit} per question. Questions are graded independently (each compiles on its own, a hung or leaking
 * test ends only its JVM), so one grading decides every edit of the round. Only the questions that carry an
 * edit are graded. The grading runs once, on the first call of {@link #outcome}, and is cached.
 */
public final class Round {

    private final int number;
    private final Map<String, Edit> edits;
    private final Path work;
    private final Duration testTimeout;
    private final Map<String, java.util.Set<String>> only;
    private final boolean stopAtFirstFailure;
    private GradeReport report;
    private RuntimeException failure;
    private boolean prefetched;
    private long millis;

    /**
     * @param number      1-based, for messages (0 for a grading of one edit alone)
     * @param edits       at most one per question
     * @param work        an empty or absent folder for the submission and the grader's work files
     * @param testTimeout the per-test limit
     */
    public Round(int number, List<Edit> edits, Path work, Duration testTimeout) {
        this(number, edits, work, testTimeout, Map.of(), false);
    }

    /**
     * @param only               per question, the test methods to grade (a question not in the map: all its tests).
     *                           A wrong solution is judged on the tests it names; grading the others only costs time
     * @param stopAtFirstFailure stop each question at its first test that does not pass: enough to tell whether it
     *                           loses a point (a mutant), not to check which tests fail
     */
    public Round(int number, List<Edit> edits, Path work, Duration testTimeout, Map<String, java.util.Set<String>> only,
                 boolean stopAtFirstFailure) {
        this.only = Map.copyOf(only);
        this.stopAtFirstFailure = stopAtFirstFailure;
        this.number = number;
        this.edits = new LinkedHashMap<>();
        for (Edit e : edits) {
            if (this.edits.put(e.question(), e) != null) {
                throw new IllegalArgumentException("round " + number + " has two edits of " + e.question());
            }
        }
        this.work = work;
        this.testTimeout = testTimeout;
    }

    /**
     * Splits {@code items} into rounds: round k holds the k-th item of every question that has k items, so
     * there are as many rounds as the largest question has items. Order within a question is kept.
     */
    public static <T> List<List<T>> plan(List<T> items, Function<T, String> questionOf) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<List<T>> rounds = new ArrayList<>();
        for (T item : items) {
            int k = seen.merge(questionOf.apply(item), 1, Integer::sum) - 1;
            while (rounds.size() <= k) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(k).add(item);
        }
        return rounds;
    }

    public int number() {
        return number;
    }

    /** Wall time of the grading in milliseconds (0 before it ran). */
    public synchronized long millis() {
        return millis;
    }

    /**
     * Starts the grading on {@code executor} unless it has started already; {@link #outcome} then waits for
     * it. Lets a caller grade the next round while it checks this one.
     */
    public void prefetch(Executor executor) {
        synchronized (this) {
            if (prefetched) {
                return;
            }
            prefetched = true;
        }
        executor.execute(() -> {
            try {
                report();
            } catch (RuntimeException e) {
                // kept in failure: outcome() rethrows it
            }
        });
    }

    /** What the round's grading says about {@code question}, grading first if needed. */
    public Outcome outcome(String question) {
        if (!edits.containsKey(question)) {
            throw new IllegalArgumentException("round " + number + " carries no edit of " + question);
        }
        GradeReport r = report();
        GradeReport.QuestionResult q = r.questions().stream().filter(x -> x.id().equals(question)).findFirst()
                .orElseThrow(() -> new AssertionError("round " + number + " has no result for " + question));
        List<GradeReport.TestResult> tests = r.tests().stream().filter(t -> t.question().equals(question)).toList();
        GradeReport mine = new GradeReport(r.submission(), r.gradedAt(), q.score(), q.maxScore(), List.of(q), tests,
                r.notes(), r.timings(), r.environments());
        return new Outcome(q, tests, "round " + number + ":\n" + TextTable.render(mine));
    }

    private synchronized GradeReport report() {
        if (report == null && failure == null) {
            long start = System.nanoTime();
            try {
                Path submission = Fixtures.solutionsWith(null, work.resolve("submission"));
                edits.values().forEach(e -> e.writeInto(submission.resolve("src/main/java")));
                List<parakit.grader.question.Question> questions = Fixtures.questions(edits.keySet().toArray(String[]::new))
                        .stream().map(q -> only.containsKey(q.id()) ? Fixtures.withTests(q, only.get(q.id())) : q).toList();
                report = Fixtures.gradeIn(submission, questions, testTimeout, work, true, stopAtFirstFailure);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("round %d: %d question(s) graded in %.1f s%n", number, edits.size(), millis / 1000.0);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("grading round " + number + " failed", failure);
        }
        return report;
    }

    /**
     * One question's part of a round's grading.
     *
     * @param question its result (score, status, problems)
     * @param tests    its tests' results
     * @param table    the question's lines of the grader's table, for failure messages
     */
    public record Outcome(GradeReport.QuestionResult question, List<GradeReport.TestResult> tests, String table) {

        /** Whether the question lost any point. */
        public boolean lostPoints() {
            return question.score() < question.maxScore();
        }
    }
}
