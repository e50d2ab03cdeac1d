package parakit.grader.mutation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mutation score per question, as {@code grader/bench/mutation.sh} prints it. */
final class MutationTable {

    private MutationTable() {
    }

    /**
     * A table of {@code result}: per question the mutants made, stillborn (do not compile), equivalent (listed
     * in equivalent.properties), graded, killed, survived, not sampled, and the score killed / graded; then
     * every survivor with its line before and after, marked {@code known} when known-survivors.txt lists it.
     */
    static String render(MutationRun.Result result, Set<String> known) {
        Map<String, Map<MutationRun.Kind, Integer>> counts = new LinkedHashMap<>();
        List<String> survivors = new ArrayList<>();
        for (MutationRun.Verdict v : result.verdicts()) {
            counts.computeIfAbsent(v.mutant().question(), q -> new EnumMap<>(MutationRun.Kind.class))
                    .merge(v.kind(), 1, Integer::sum);
            if (v.kind() == MutationRun.Kind.SURVIVED) {
                survivors.add((known.contains(v.mutant().key()) ? "  known  " : "  NEW    ") + v.mutant().describe());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("mutation score of the hidden and public tests (%d rounds, %.0f s)%n", result.rounds(),
                result.millis() / 1000.0));
        b.append(String.format("  %-28s %7s %9s %10s %6s %6s %8s %11s %7s%n", "question", "mutants", "stillborn",
                "equivalent", "graded", "killed", "survived", "not-sampled", "score"));
        int[] total = new int[7];
        for (Map.Entry<String, Map<MutationRun.Kind, Integer>> e : counts.entrySet()) {
            int[] row = row(e.getValue());
            for (int i = 0; i < row.length; i++) {
                total[i] += row[i];
            }
            b.append(line(e.getKey(), row));
        }
        b.append(line("total", total));
        b.append(String.format("survivors (%d):%n", survivors.size()));
        survivors.forEach(s -> b.append(s).append('\n'));
        return b.toString();
    }

    private static int[] row(Map<MutationRun.Kind, Integer> c) {
        int killed = c.getOrDefault(MutationRun.Kind.KILLED, 0);
        int survived = c.getOrDefault(MutationRun.Kind.SURVIVED, 0);
        int stillborn = c.getOrDefault(MutationRun.Kind.STILLBORN, 0);
        int equivalent = c.getOrDefault(MutationRun.Kind.EQUIVALENT, 0);
        int notSampled = c.getOrDefault(MutationRun.Kind.NOT_SAMPLED, 0);
        return new int[] {killed + survived + stillborn + equivalent + notSampled, stillborn, equivalent,
                killed + survived, killed, survived, notSampled};
    }

    private static String line(String name, int[] r) {
        String score = r[3] == 0 ? "-" : String.format("%d%%", Math.round(100.0 * r[4] / r[3]));
        return String.format("  %-28s %7d %9d %10d %6d %6d %8d %11d %7s%n", name, r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                score);
    }
}
