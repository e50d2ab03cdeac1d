package parakit.grader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.corpus.CorpusCase;
import parakit.grader.corpus.Edit;
import parakit.grader.corpus.ReferencePatch;
import parakit.grader.corpus.Round;
import parakit.grader.score.GradeReport;

/**
 * The stability benchmark (not part of the suite: {@code grader/bench/stability.sh} runs it with
 * {@code -Dstability.runs=N}): grades the solutions and a sample of the corpus (one wrong solution per question)
 * once on a quiet machine, then N times beside two CPU hogs, and prints per question how often the score differed
 * from the quiet run. Target: 0 everywhere. A speedup check without a verdict under load is counted apart
 * (it earns nothing, blames nothing, and is graded again), not as a differing score.
 */
@EnabledIfSystemProperty(named = "stability.runs", matches = "\\d+")
class StabilityBench {

    private static final Path CORPUS = Fixtures.root().resolve("grader/src/test/resources/corpus");
    private static final Path SOLUTIONS = Fixtures.root().resolve("solutions/src/main/java");
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(6);

    @TempDir
    Path temp;

    /** {@code -Dstability.question=SUBSTRING}: only the questions whose id contains it (default: all). */
    private static final String ONLY = System.getProperty("stability.question", "");

    private record Scores(Map<String, Integer> solutions, Map<String, Integer> sample, int inconclusive) {
    }

    @Test
    void scoresDoNotChangeUnderLoad() throws Exception {
        int runs = Integer.getInteger("stability.runs");
        List<Edit> sample = sample();
        Scores quiet = grade(sample, 0);
        Map<String, int[]> differ = new TreeMap<>();
        int inconclusive = 0;
        long begin = System.nanoTime();
        List<Process> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            for (int run = 1; run <= runs; run++) {
                Scores loaded = grade(sample, run);
                inconclusive += loaded.inconclusive();
                compare(quiet.solutions(), loaded.solutions(), differ, 0);
                compare(quiet.sample(), loaded.sample(), differ, 1);
            }
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        StringBuilder out = new StringBuilder(String.format("stability: %d runs beside two CPU hogs against one quiet run"
                + " (%.0f s)%n  %-30s %-12s %-12s%n", runs, (System.nanoTime() - begin) / 1e9, "question",
                "solutions", "wrong sample"));
        int total = 0;
        for (String q : quiet.solutions().keySet()) {
            int[] d = differ.getOrDefault(q, new int[2]);
            total += d[0] + d[1];
            out.append(String.format("  %-30s %2d differed  %2d differed%n", q, d[0], d[1]));
        }
        out.append(String.format("  total: %d differing scores; %d speedup checks without a verdict (not counted)%n",
                total, inconclusive));
        System.out.print(out);
    }

    private static void compare(Map<String, Integer> quiet, Map<String, Integer> loaded, Map<String, int[]> differ, int column) {
        quiet.forEach((q, score) -> {
            // Absent under load: a speedup check without a verdict, counted apart (it is graded again, not scored).
            if (loaded.containsKey(q) && !score.equals(loaded.get(q))) {
                differ.computeIfAbsent(q, k -> new int[2])[column]++;
            }
        });
    }

    /** The first wrong solution of each question. */
    private static List<Edit> sample() {
        Map<String, Edit> first = new LinkedHashMap<>();
        for (CorpusCase c : CorpusCase.load(CORPUS)) {
            if (!c.correct() && !c.fails().contains("policy") && !first.containsKey(c.question())
                    && c.question().contains(ONLY)) {
                first.put(c.question(), ReferencePatch.apply(c.name(), c.question(), c.diff(), SOLUTIONS));
            }
        }
        return List.copyOf(first.values());
    }

    private Scores grade(List<Edit> sample, int run) {
        GradeReport solutions = Fixtures.grade(Fixtures.root().resolve("solutions"), Fixtures.CATALOG.questions()
                .stream().filter(q -> q.id().contains(ONLY)).toList(), null);
        Map<String, Integer> s = new TreeMap<>();
        int inconclusive = 0;
        for (GradeReport.QuestionResult q : solutions.questions()) {
            if (q.status().equals("inconclusive")) {
                inconclusive++;
                continue; // measured again by the grader and the batch: not a score
            }
            s.put(q.id(), q.score());
        }
        Round round = new Round(1, sample, temp.resolve("run-" + run), TEST_TIMEOUT);
        Map<String, Integer> w = new TreeMap<>();
        for (Edit e : sample) {
            GradeReport.QuestionResult q = round.outcome(e.question()).question();
            if (q.status().equals("inconclusive")) {
                inconclusive++;
                continue;
            }
            w.put(e.question(), q.score());
        }
        return new Scores(s, w, inconclusive);
    }
}
