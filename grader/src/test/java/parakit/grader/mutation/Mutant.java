package parakit.grader.mutation;

import parakit.grader.corpus.Edit;

/**
 * One mutation of one question's reference solution, inside one solution region.
 *
 * @param question   {@code section.Stem}
 * @param region     the solution region's name ({@code Counter.increment})
 * @param operator   the operator's id ({@code remove-call})
 * @param occurrence 0-based: the how-manieth mutation of this operator in this region (stable while the
 *                   region's code keeps its order, unlike a line number)
 * @param line       1-based line number in the reference, for reading only
 * @param before     the mutated line as the reference has it (stripped)
 * @param after      the line after the mutation (stripped; empty when removed)
 * @param edit       the whole mutated file
 */
public record Mutant(String question, String region, String operator, int occurrence, int line, String before,
                     String after, Edit edit) {

    /** {@code region/operator/occurrence}: the key of equivalent.properties and known-survivors.txt (with the question). */
    public String id() {
        return region + "/" + operator + "/" + occurrence;
    }

    /** {@code question|id}. */
    public String key() {
        return question + "|" + id();
    }

    /** One line for reports: key, line number, before and after. */
    public String describe() {
        return key() + " (line " + line + ")  " + before + "  ->  " + (after.isEmpty() ? "(removed)" : after);
    }
}
