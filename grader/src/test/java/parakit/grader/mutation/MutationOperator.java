package parakit.grader.mutation;

import java.util.List;
import java.util.Map;

/** One kind of small change to a solution's code, tried on every code line of every solution region. */
interface MutationOperator {

    /** A stable, short name (part of a mutant's id): {@code remove-call}, {@code boundary}, ... */
    String id();

    /** The mutations this operator can make at line {@code line}, in column order; empty if none. */
    List<Change> at(SourceLines src, int line);

    /**
     * One mutation: new text for one or more lines ({@code null} removes the line's text, leaving it blank
     * so that line numbers stay put).
     *
     * @param line     the line that the mutation is about (shown as before/after)
     * @param replaced line index to its new text
     */
    record Change(int line, Map<Integer, String> replaced) {

        static Change of(int line, String text) {
            return new Change(line, Map.of(line, text));
        }
    }
}
