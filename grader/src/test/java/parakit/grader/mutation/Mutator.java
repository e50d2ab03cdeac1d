package parakit.grader.mutation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parakit.grader.corpus.Edit;
import parakit.grader.corpus.SolutionRegions;

/**
 * The kit's own small mutator: applies every {@link Operators operator} to every code line of every solution
 * region of a reference solution file (never to task text, comments, literals, or code outside the regions),
 * one change per mutant.
 */
public final class Mutator {

    private final List<MutationOperator> operators;

    public Mutator() {
        this(Operators.all());
    }

    Mutator(List<MutationOperator> operators) {
        this.operators = List.copyOf(operators);
    }

    /**
     * The mutants of one file, by region, then operator priority, then position (the order ids count in).
     *
     * @param question {@code section.Stem}
     * @param path     the file under {@code src/main/java}
     * @param text     the reference solution's text
     */
    public List<Mutant> mutate(String question, String path, String text) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        SourceLines src = new SourceLines(lines);
        List<Mutant> out = new ArrayList<>();
        for (SolutionRegions.Region region : SolutionRegions.of(lines).regions()) {
            Map<String, Integer> occurrences = new HashMap<>();
            for (MutationOperator op : operators) {
                for (int i = region.firstCode(); i < region.end(); i++) {
                    if (!src.hasCode(i)) {
                        continue;
                    }
                    for (MutationOperator.Change change : op.at(src, i)) {
                        List<String> mutated = new ArrayList<>(lines);
                        change.replaced().forEach((k, v) -> mutated.set(k, v == null ? "" : v));
                        if (mutated.equals(lines)) {
                            continue;
                        }
                        int n = occurrences.merge(op.id(), 1, Integer::sum) - 1;
                        String after = mutated.get(change.line()).strip();
                        out.add(new Mutant(question, region.name(), op.id(), n, change.line() + 1,
                                lines.get(change.line()).strip(), after, new Edit(question, path, String.join("\n", mutated))));
                    }
                }
            }
        }
        return out;
    }
}
