package parakit.grader.authoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Derives the students' skeletons from the reference solutions (one source of truth, as in nbgrader).
 *
 * <p>A solution region in a file under {@code solutions/src/main/java} looks like this:
 * <pre>
 *     // &gt;&gt;&gt; SOLUTION Counter.increment
 *     // Add one to value while holding the lock.          (task text: becomes the TODO)
 *     // stub: return 0;                                   (optional: the skeleton's code)
 *     lock.lock(); ...                                     (the solution: removed)
 *     // &lt;&lt;&lt; SOLUTION
 * </pre>
 * In the skeleton the region becomes {@code // TODO Counter.increment: <task text>} followed by the
 * stub. Without a {@code stub:} line the stub is
 * {@code throw new UnsupportedOperationException("TODO Counter.increment");}; an empty {@code stub:}
 * line means no code at all (for fields and helper methods the student adds).
 *
 * <p>Invariants: regions do not nest; each has a name unique in its file; every opened region is closed;
 * files without regions are copied unchanged. Only {@code exercises/src/main/java} is generated:
 * lesson pages and public tests are hand-written and never touched.
 */
public final class SkeletonGenerator {

    private static final Pattern BEGIN = Pattern.compile("^(\\s*)//\\s*>>>\\s*SOLUTION\\b\\s*(\\S*)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*<<<\\s*SOLUTION\\b.*$");
    private static final Pattern STUB = Pattern.compile("^\\s*//\\s*stub:\\s?(.*)$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*//\\s?(.*)$");

    /** The skeleton text of one solution file. */
    public String skeletonOf(String fileName, String solution) {
        List<String> out = new ArrayList<>();
        String[] lines = solution.split("\n", -1);
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (END.matcher(line).matches()) {
                throw new MarkerException(fileName, i + 1, "'<<< SOLUTION' without an opening '>>> SOLUTION'",
                        "delete this line or add '// >>> SOLUTION <Task.name>' above the solution code");
            }
            Matcher begin = BEGIN.matcher(line);
            if (!begin.matches()) {
                out.add(line);
                i++;
                continue;
            }
            String indent = begin.group(1);
            String name = begin.group(2);
            int opened = i + 1;
            if (name.isEmpty()) {
                throw new MarkerException(fileName, opened, "solution region without a task name",
                        "write '// >>> SOLUTION Class.method' so the TODO can name the task");
            }
            if (names.contains(name)) {
                throw new MarkerException(fileName, opened, "task name '" + name + "' is used twice in this file",
                        "give each solution region its own name");
            }
            names.add(name);
            i++;
            List<String> text = new ArrayList<>();
            String stub = null;
            boolean inHeader = true;
            boolean closed = false;
            while (i < lines.length) {
                String body = lines[i];
                if (BEGIN.matcher(body).matches()) {
                    throw new MarkerException(fileName, i + 1, "a solution region opens inside region '" + name
                            + "' (opened at line " + opened + ")", "close the first region with '// <<< SOLUTION' before opening another");
                }
                if (END.matcher(body).matches()) {
                    closed = true;
                    i++;
                    break;
                }
                if (inHeader) {
                    Matcher stubLine = STUB.matcher(body);
                    Matcher comment = COMMENT.matcher(body);
                    if (stubLine.matches()) {
                        stub = stubLine.group(1).strip();
                    } else if (comment.matches()) {
                        text.add(comment.group(1).stripTrailing());
                    } else {
                        inHeader = false;
                    }
                }
                i++;
            }
            if (!closed) {
                throw new MarkerException(fileName, opened, "solution region '" + name + "' is never closed",
                        "add '// <<< SOLUTION' after the last line of the solution");
            }
            if (text.isEmpty()) {
                throw new MarkerException(fileName, opened, "solution region '" + name + "' has no task text",
                        "add comment lines after the '>>> SOLUTION' line that tell the student what to do");
            }
            out.add(indent + "// TODO " + name + ": " + text.get(0));
            for (String more : text.subList(1, text.size())) {
                out.add(indent + "//   " + more);
            }
            if (stub == null) {
                out.add(indent + "throw new UnsupportedOperationException(\"TODO " + name + "\");");
            } else if (!stub.isEmpty()) {
                out.add(indent + stub);
            }
        }
        return String.join("\n", out);
    }

    /**
     * The whole generated tree: relative path (with '/') to skeleton text, for every {@code .java} file
     * under {@code solutionsSrc}.
     */
    public Map<String, String> generate(Path solutionsSrc) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(solutionsSrc)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
                String rel = solutionsSrc.relativize(p).toString().replace('\\', '/');
                files.put(rel, skeletonOf(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the solutions under " + solutionsSrc, e);
        }
        return files;
    }

    /**
     * Differences between the generated tree and what is on disk under {@code exercisesSrc}: files that
     * differ, are missing, or are on disk but have no solution (stale). Empty means no drift.
     */
    public List<String> drift(Path solutionsSrc, Path exercisesSrc) {
        Map<String, String> wanted = generate(solutionsSrc);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            Path onDisk = exercisesSrc.resolve(e.getKey());
            if (!Files.exists(onDisk)) {
                problems.add("missing: " + onDisk);
            } else if (!Objects.equals(read(onDisk), e.getValue())) {
                problems.add("differs from its solution: " + onDisk);
            }
        }
        for (String rel : existing(exercisesSrc)) {
            if (!wanted.containsKey(rel)) {
                problems.add("stale (no solution file): " + exercisesSrc.resolve(rel));
            }
        }
        return problems;
    }

    /** Writes the generated tree, replacing changed files and deleting stale ones; returns what changed. */
    public List<String> write(Path solutionsSrc, Path exercisesSrc) {
        Map<String, String> wanted = generate(solutionsSrc);
        List<String> changed = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                Path target = exercisesSrc.resolve(e.getKey());
                if (!Files.exists(target) || !read(target).equals(e.getValue())) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
                    changed.add("wrote " + target);
                }
            }
            for (String rel : existing(exercisesSrc)) {
                if (!wanted.containsKey(rel)) {
                    Files.delete(exercisesSrc.resolve(rel));
                    changed.add("deleted stale " + exercisesSrc.resolve(rel));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the skeletons under " + exercisesSrc, e);
        }
        return changed;
    }

    private static List<String> existing(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A malformed solution region: names the file, the line and the fix. */
    public static final class MarkerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MarkerException(String file, int line, String problem, String fix) {
            super(file + ":" + line + ": " + problem + "; fix: " + fix);
        }
    }
}
