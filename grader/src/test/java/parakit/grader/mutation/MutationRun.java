package parakit.grader.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import parakit.grader.corpus.Round;
import parakit.grader.question.Question;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * Mutates the reference solutions of some questions and grades the mutants in {@link Round rounds} (one
 * mutant per question per round, as the corpus does), several rounds at once ({@code lanes}; mutants mostly
 * hang until the per-test limit, which costs wall time, not CPU): a mutant is killed when its question loses
 * any point.
 * Mutants that do not compile are stillborn; mutants listed as equivalent are not graded. When a question
 * has more gradable mutants than {@code maxRounds}, a deterministic sample is graded: operators take turns in
 * priority order ({@link Operators#all()}), so every operator is tried on every question before any is tried
 * twice; the rest are counted as not sampled.
 */
final class MutationRun {

    /** What became of one mutant. */
    enum Kind { KILLED, SURVIVED, STILLBORN, EQUIVALENT, NOT_SAMPLED }

    /**
     * @param mutant the mutant
     * @param kind   its fate
     * @param detail for a killed mutant, the first test that failed (or the question's status)
     */
    record Verdict(Mutant mutant, Kind kind, String detail) {
    }

    /**
     * @param verdicts one per mutant, by question in the given order
     * @param rounds   how many rounds were graded (confirmations of survivors alone included)
     * @param millis   wall time of the whole run
     */
    record Result(List<Verdict> verdicts, int rounds, long millis) {
    }

    private MutationRun() {
    }

    /**
     * @param questions    the questions to mutate
     * @param solutionsSrc {@code solutions/src/main/java}
     * @param classes      the compiled solutions, for the compile check
     * @param equivalent   keys ({@code question|id}) of mutants known to be equivalent (not graded)
     * @param tolerated    keys of mutants known to survive; any other survivor is graded again, alone
     * @param maxRounds    at most this many mutants per question (so at most this many rounds per phase)
     * @param lanes        how many rounds are graded at once (rounds of dedicatedCores questions: one)
     * @param work         a scratch folder
     */
    static Result run(List<Question> questions, Path solutionsSrc, Path classes, Set<String> equivalent,
                      Set<String> tolerated, int maxRounds,
                      int lanes, Duration testTimeout, Path work) {
        long start = System.nanoTime();
        Mutator mutator = new Mutator();
        Map<Mutant, Verdict> verdicts = new LinkedHashMap<>();
        List<Mutant> toGrade = new ArrayList<>();
        try (StillbornFilter compiler = new StillbornFilter(classes, work.resolve("compiled"))) {
            for (Question q : questions) {
                List<Mutant> gradable = new ArrayList<>();
                for (String source : q.sources()) {
                    for (Mutant m : mutator.mutate(q.id(), source, read(solutionsSrc.resolve(source)))) {
                        if (equivalent.contains(m.key())) {
                            verdicts.put(m, new Verdict(m, Kind.EQUIVALENT, ""));
                        } else if (!compiler.compiles(m)) {
                            verdicts.put(m, new Verdict(m, Kind.STILLBORN, ""));
                        } else {
                            verdicts.put(m, null);
                            gradable.add(m);
                        }
                    }
                }
                List<Mutant> sampled = sample(gradable, maxRounds);
                gradable.stream().filter(m -> !sampled.contains(m))
                        .forEach(m -> verdicts.put(m, new Verdict(m, Kind.NOT_SAMPLED, "")));
                toGrade.addAll(sampled);
            }
        }
        Set<String> dedicated = questions.stream().filter(Question::dedicatedCores).map(Question::id)
                .collect(Collectors.toSet());
        List<List<Mutant>> shared = Round.plan(toGrade.stream().filter(m -> !dedicated.contains(m.question())).toList(),
                Mutant::question);
        List<List<Mutant>> alone = Round.plan(toGrade.stream().filter(m -> dedicated.contains(m.question())).toList(),
                Mutant::question);
        Map<Mutant, Verdict> graded = new ConcurrentHashMap<>();
        RoundCounter counter = new RoundCounter();
        runLanes(shared, lanes, counter, testTimeout, work, graded);
        runLanes(alone, 1, counter, testTimeout, work, graded);
        // A survivor that no list expects is graded once more with nothing beside it: the other rounds'
        // JVMs load the cores, and some mistakes (a lost update) show only with real parallelism.
        List<List<Mutant>> confirm = graded.values().stream()
                .filter(v -> v.kind() == Kind.SURVIVED && !tolerated.contains(v.mutant().key()))
                .map(v -> List.of(v.mutant())).toList();
        runLanes(confirm, 1, counter, testTimeout, work, graded);
        graded.forEach(verdicts::put);
        return new Result(List.copyOf(verdicts.values()), shared.size() + alone.size() + confirm.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Numbers rounds across both phases, for messages and work folders. */
    private static final class RoundCounter {
        private final AtomicInteger next = new AtomicInteger();

        int next() {
            return next.incrementAndGet();
        }
    }

    /**
     * Grades {@code plan}'s rounds, {@code lanes} at once. Rounds of questions whose tests measure speed
     * ({@code dedicatedCores}) are run with one lane, after the others, so nothing runs beside them.
     */
    private static void runLanes(List<List<Mutant>> plan, int lanes, RoundCounter counter, Duration testTimeout,
                                 Path work, Map<Mutant, Verdict> graded) {
        if (plan.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<Mutant> mutants : plan) {
                done.add(pool.submit(() -> {
                    int n = counter.next();
                    // A mutant is killed by any lost point: each question stops at its first failing test.
                    Round round = new Round(n, mutants.stream().map(Mutant::edit).toList(), work.resolve("round-" + n),
                            testTimeout, Map.of(), true);
                    for (Mutant m : mutants) {
                        graded.put(m, judge(m, round.outcome(m.question())));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while grading mutants", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("grading a round of mutants failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Killed when the question lost a point for a reason that is a verdict: a failed, timed-out or crashed
     * test, a compile error or a policy violation. A speedup check without a verdict (INCONCLUSIVE: the
     * machine was busy) kills nothing.
     */
    private static Verdict judge(Mutant m, Round.Outcome o) {
        if (!o.lostPoints()) {
            return new Verdict(m, Kind.SURVIVED, "");
        }
        List<GradeReport.TestResult> lost = o.tests().stream().filter(t -> t.points() < t.max()).toList();
        return lost.stream().filter(t -> t.status() != Status.INCONCLUSIVE && t.status() != Status.NOT_RUN).findFirst()
                .map(t -> new Verdict(m, Kind.KILLED, t.id() + " " + t.status()))
                .orElseGet(() -> lost.isEmpty() ? new Verdict(m, Kind.KILLED, o.question().status())
                        : new Verdict(m, Kind.SURVIVED, "only inconclusive speedup checks lost points"));
    }

    /**
     * At most {@code max} mutants, operators taking turns in priority order, each operator's mutants in
     * their order in the file. Deterministic: the same solutions give the same sample.
     */
    static List<Mutant> sample(List<Mutant> mutants, int max) {
        if (mutants.size() <= max) {
            return mutants;
        }
        List<String> priority = Operators.all().stream().map(MutationOperator::id).toList();
        Map<String, List<Mutant>> byOperator = mutants.stream()
                .sorted(Comparator.comparingInt(Mutant::line))
                .collect(Collectors.groupingBy(Mutant::operator, LinkedHashMap::new, Collectors.toList()));
        List<Mutant> out = new ArrayList<>();
        for (int turn = 0; out.size() < max; turn++) {
            for (String op : priority) {
                List<Mutant> ms = byOperator.getOrDefault(op, List.of());
                if (turn < ms.size() && out.size() < max) {
                    out.add(ms.get(turn));
                }
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
