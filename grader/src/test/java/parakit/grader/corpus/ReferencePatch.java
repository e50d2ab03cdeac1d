package parakit.grader.corpus;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.patch.VerifyChunk;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies a corpus case's {@code change.diff} (a unified diff, as {@code diff -u} or {@code git diff} print
 * it) to the reference solution it was made from, and checks that it is an edit a student could make: the
 * patch applies exactly (every hunk's context and removed lines as they are, at the hunk's own line numbers or
 * at the one place they stand after the solution gained or lost lines elsewhere; no fuzz), and
 * every line it removes or adds lies inside a solution region of the reference.
 */
public final class ReferencePatch {

    private ReferencePatch() {
    }

    /** Why a case's diff cannot be used; the message names the case and says what to do. */
    public static final class BadPatch extends RuntimeException {
        BadPatch(String message) {
            super(message);
        }
    }

    /**
     * The reference file of {@code question} with {@code diff} applied.
     *
     * @param caseName     the case, as reported ({@code section/case})
     * @param question     {@code section.Stem}: the diff must change {@code parakit/section/Stem.java}
     * @param diff         the case's {@code change.diff}
     * @param solutionsSrc {@code solutions/src/main/java}
     * @throws BadPatch if the diff is unreadable, names another file, does not apply exactly, or changes a
     *                  line outside every solution region
     */
    public static Edit apply(String caseName, String question, Path diff, Path solutionsSrc) {
        String path = "parakit/" + question.replace('.', '/') + ".java";
        Path reference = solutionsSrc.resolve(path);
        List<String> lines;
        UnifiedDiff parsed;
        try (InputStream in = Files.newInputStream(diff)) {
            lines = Arrays.asList(Files.readString(reference, StandardCharsets.UTF_8).split("\n", -1));
            parsed = UnifiedDiffReader.parseUnifiedDiff(in);
        } catch (IOException | RuntimeException e) {
            throw new BadPatch("corpus case " + caseName + ": cannot read " + diff + " or " + reference + ": " + e);
        }
        List<UnifiedDiffFile> files = parsed.getFiles();
        if (files.size() != 1 || !names(files.getFirst(), path)) {
            throw new BadPatch("corpus case " + caseName + ": change.diff must change exactly one file, a/" + path
                    + " -> b/" + path + ", but names " + files.stream().map(f -> f.getFromFile() + " -> " + f.getToFile()).toList());
        }
        Patch<String> given = files.getFirst().getPatch();
        if (given.getDeltas().isEmpty()) {
            throw new BadPatch("corpus case " + caseName + ": change.diff changes nothing in " + path);
        }
        // Each hunk must match exactly, at its own line or, when the solution gained or lost lines elsewhere, at the
        // one place where its lines stand now (an offset, never a fuzzy match): the case follows the solution.
        Patch<String> patch = new Patch<>();
        int shift = 0;
        for (AbstractDelta<String> delta : given.getDeltas()) {
            Chunk<String> source = delta.getSource();
            int at = source.getPosition() + shift;
            Chunk<String> moved = new Chunk<>(at, source.getLines());
            if (verify(moved, lines) != VerifyChunk.OK) {
                List<Integer> places = new ArrayList<>();
                for (int i = 0; i + source.size() <= lines.size(); i++) {
                    if (verify(new Chunk<>(i, source.getLines()), lines) == VerifyChunk.OK) {
                        places.add(i);
                    }
                }
                if (places.size() != 1) {
                    throw stale(caseName, path, "the hunk at line " + (source.getPosition() + 1) + " does not match "
                            + (places.isEmpty() ? "anywhere" : "at one place only (" + places.size() + " places)"));
                }
                at = places.getFirst();
                shift = at - source.getPosition();
                moved = new Chunk<>(at, source.getLines());
            }
            patch.addDelta(delta.withChunks(moved, new Chunk<>(delta.getTarget().getPosition() + shift,
                    delta.getTarget().getLines())));
        }
        checkInsideRegions(caseName, path, lines, patch);
        try {
            return new Edit(question, path, String.join("\n", patch.applyTo(lines)));
        } catch (PatchFailedException e) {
            throw stale(caseName, path, e.getMessage());
        }
    }

    private static boolean names(UnifiedDiffFile file, String path) {
        return strip(file.getFromFile(), "a/").equals(path) && strip(file.getToFile(), "b/").equals(path);
    }

    private static String strip(String name, String prefix) {
        String n = name == null ? "" : name.strip();
        return n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    }

    private static VerifyChunk verify(Chunk<String> source, List<String> lines) {
        try {
            return source.verifyChunk(lines);
        } catch (PatchFailedException e) {
            return VerifyChunk.CONTENT_DOES_NOT_MATCH_TARGET;
        }
    }

    private static BadPatch stale(String caseName, String path, String why) {
        return new BadPatch("corpus case " + caseName + ": change.diff no longer applies to solutions/src/main/java/"
                + path + " (" + why + "). Refresh it against the solution: copy the solution, make the case's edit "
                + "again, and write the diff with diff -u (see grader/AUTHORING.md, Wrong solutions).");
    }

    /**
     * Each hunk may carry context lines; only the lines it really removes or adds count, found by diffing
     * the hunk's old lines against its new ones.
     */
    private static void checkInsideRegions(String caseName, String path, List<String> lines, Patch<String> patch) {
        SolutionRegions regions = SolutionRegions.of(lines);
        for (AbstractDelta<String> hunk : patch.getDeltas()) {
            int base = hunk.getSource().getPosition();
            for (AbstractDelta<String> change : DiffUtils.diff(hunk.getSource().getLines(), hunk.getTarget().getLines()).getDeltas()) {
                int at = base + change.getSource().getPosition();
                if (change.getSource().size() == 0) {
                    if (regions.holdingInsertionAt(at).isEmpty()) {
                        throw outside(caseName, path, at, "adds '" + change.getTarget().getLines().getFirst().strip()
                                + "' before", lines);
                    }
                    continue;
                }
                for (int k = 0; k < change.getSource().size(); k++) {
                    if (regions.holding(at + k).isEmpty()) {
                        throw outside(caseName, path, at + k, "changes", lines);
                    }
                }
            }
        }
    }

    private static BadPatch outside(String caseName, String path, int line, String what, List<String> lines) {
        String text = line < lines.size() ? lines.get(line).strip() : "(end of file)";
        return new BadPatch("corpus case " + caseName + ": change.diff " + what + " line " + (line + 1) + " of " + path
                + " ('" + text + "'), outside every solution region: a case may change only the lines between "
                + "'// >>> SOLUTION' and '// <<< SOLUTION'.");
    }
}
