package parakit.grader.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solution regions of one reference solution file, by line: where an edit of the reference (a wrong
 * solution, a correct variant, a mutant) may change it. Markers as in {@code SkeletonGenerator}:
 * {@code // >>> SOLUTION Name}, a header of comment lines (task text, {@code // stub:}), the solution code,
 * {@code // <<< SOLUTION}. Line indexes are 0-based indexes into the file's lines.
 */
public final class SolutionRegions {

    private static final Pattern BEGIN = Pattern.compile("^\\s*//\\s*>>>\\s*SOLUTION\\b\\s*(\\S*)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*<<<\\s*SOLUTION\\b.*$");
    private static final Pattern HEADER = Pattern.compile("^\\s*//.*$");

    /**
     * One region.
     *
     * @param name      the task name after {@code >>> SOLUTION}
     * @param begin     index of the {@code >>> SOLUTION} line
     * @param firstCode index of the first line after the header comments (the solution code; {@code end}
     *                  when the region holds no code)
     * @param end       index of the {@code <<< SOLUTION} line
     */
    public record Region(String name, int begin, int firstCode, int end) {

        /** Whether line {@code line} lies strictly between the markers (header included). */
        public boolean holds(int line) {
            return begin < line && line < end;
        }

        /** Whether a line inserted before line {@code position} would lie strictly between the markers. */
        public boolean holdsInsertionAt(int position) {
            return begin < position && position <= end;
        }
    }

    private final List<Region> regions;

    private SolutionRegions(List<Region> regions) {
        this.regions = List.copyOf(regions);
    }

    /** Parses {@code lines}; a region left open runs to the end of the file (the generator rejects it anyway). */
    public static SolutionRegions of(List<String> lines) {
        List<Region> found = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher begin = BEGIN.matcher(lines.get(i));
            if (!begin.matches()) {
                i++;
                continue;
            }
            int start = i++;
            while (i < lines.size() && HEADER.matcher(lines.get(i)).matches() && !END.matcher(lines.get(i)).matches()) {
                i++;
            }
            int firstCode = i;
            while (i < lines.size() && !END.matcher(lines.get(i)).matches()) {
                i++;
            }
            found.add(new Region(begin.group(1), start, Math.min(firstCode, i), i));
            i++;
        }
        return new SolutionRegions(found);
    }

    /** All regions, in file order. */
    public List<Region> regions() {
        return regions;
    }

    /** The region that holds line {@code line}, if any. */
    public Optional<Region> holding(int line) {
        return regions.stream().filter(r -> r.holds(line)).findFirst();
    }

    /** The region a line inserted before line {@code position} would fall into, if any. */
    public Optional<Region> holdingInsertionAt(int position) {
        return regions.stream().filter(r -> r.holdsInsertionAt(position)).findFirst();
    }
}
