package parakit.grader.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import parakit.grader.question.Question;

/**
 * A student's work: a folder whose {@code src/main/java} holds the question files (a student repository,
 * {@code exercises/} or {@code solutions/}).
 *
 * <p>Only the files a question names are ever read. A file that is missing, is a symbolic link leading out
 * of the submission, or is larger than {@link #MAX_SOURCE_BYTES} makes its question unusable with a reason;
 * it never stops the other questions from being graded.
 */
public final class Submission {

    /** Larger source files are refused: no honest answer to a question is a megabyte long. */
    public static final long MAX_SOURCE_BYTES = 512 * 1024;

    private final Path root;
    private final Path sources;

    private Submission(Path root) {
        this.root = root;
        this.sources = root.resolve("src/main/java");
    }

    /**
     * Opens a submission folder.
     *
     * @throws InvalidSubmissionException if it is not a folder or has no {@code src/main/java}
     */
    public static Submission open(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new InvalidSubmissionException(root + " does not exist; fix: give the path of a submission folder");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidSubmissionException(root + " is not a folder; fix: give the folder that holds src/main/java"
                    + " (unpack a zip first)");
        }
        if (!Files.isDirectory(root.resolve("src/main/java"))) {
            throw new InvalidSubmissionException(root + " has no src/main/java; fix: point at the folder that holds "
                    + "src/ (a student repository, exercises/ or solutions/)");
        }
        return new Submission(root);
    }

    public Path root() {
        return root;
    }

    /** The question's files, or the reason they cannot be used. */
    public Sources sourcesOf(Question question) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String rel : question.sources()) {
            Path file = sources.resolve(rel);
            String shown = "src/main/java/" + rel;
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(shown + " is missing" + elsewhere(file.getFileName().toString(), rel)
                        + "; fix: restore it from the skeleton (exercises/" + shown + ")");
                continue;
            }
            try {
                Path real = file.toRealPath();
                if (!real.startsWith(root.toRealPath())) {
                    problems.add(shown + " is a link to " + real + ", outside the submission; fix: replace the link by the file itself");
                    continue;
                }
                if (!Files.isRegularFile(real)) {
                    problems.add(shown + " is not a regular file; fix: make it a .java source file");
                    continue;
                }
                long size = Files.size(real);
                if (size > MAX_SOURCE_BYTES) {
                    problems.add(shown + " is " + size / 1024 + " KiB, over the " + MAX_SOURCE_BYTES / 1024
                            + " KiB limit; fix: remove generated or pasted data from it");
                    continue;
                }
            } catch (IOException e) {
                problems.add(shown + " cannot be read (" + e.getMessage() + "); fix: check its permissions");
                continue;
            }
            files.add(file);
        }
        return new Sources(question, List.copyOf(files), List.copyOf(problems));
    }

    /**
     * Where else under src/main/java a missing file's name turns up (a wrong folder, hence a wrong package: the
     * usual reason a file is "missing"), as text to append to the problem, or empty.
     */
    private String elsewhere(String fileName, String expected) {
        try (java.util.stream.Stream<Path> walk = Files.walk(sources, 8)) {
            List<String> found = walk.filter(p -> p.getFileName().toString().equals(fileName))
                    .map(p -> "src/main/java/" + sources.relativize(p).toString().replace('\\', '/')).limit(3).toList();
            if (found.isEmpty()) {
                return "";
            }
            String pkg = expected.substring(0, expected.lastIndexOf('/')).replace('/', '.');
            return " (found " + String.join(", ", found) + " instead: the file must be in package " + pkg
                    + ", folder src/main/java/" + expected.substring(0, expected.lastIndexOf('/')) + ")";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** What a question's files resolved to: usable when {@link #problems()} is empty. */
    public record Sources(Question question, List<Path> files, List<String> problems) {
        public boolean usable() {
            return problems.isEmpty();
        }
    }

    /** The folder cannot be graded at all. */
    public static final class InvalidSubmissionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidSubmissionException(String message) {
            super(message);
        }
    }
}
