package parakit.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The submissions of a class: one entry per student in a folder, either a folder (a repository, an unpacked
 * archive) or a {@code .zip}. The student's id is the folder's name, or the zip's name without {@code .zip}.
 *
 * <p>An entry whose sources cannot be found gets a reason instead of a root, and is graded 0 with that
 * reason; nothing about one entry stops the others.
 */
public final class ClassFolder {

    /** At most this many bytes are unpacked from one zip (a class's submissions are small). */
    static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
    /** At most this many entries are unpacked from one zip. */
    static final int MAX_ENTRIES = 5_000;

    private ClassFolder() {
    }

    /**
     * One student's submission.
     *
     * @param student  the id: folder name or zip name without {@code .zip}
     * @param original what the instructor gave (folder or zip)
     * @param root     the folder that holds {@code src/main/java}; {@code null} when {@code rejected}
     * @param rejected why it cannot be graded, with the fix; {@code null} when it can
     */
    public record Entry(String student, Path original, Path root, String rejected) {
        public boolean gradable() {
            return rejected == null;
        }
    }

    /**
     * Lists the entries of {@code submissions}, sorted by student id; zips are unpacked under {@code unpackInto}.
     *
     * @throws UncheckedIOException if {@code submissions} cannot be listed
     */
    public static List<Entry> discover(Path submissions, Path unpackInto) {
        List<Path> children;
        try (Stream<Path> list = Files.list(submissions)) {
            children = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + submissions + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (Files.isSymbolicLink(child)) {
                entries.add(new Entry(name, child, null, "is a symbolic link; fix: copy the submission itself into the class folder"));
            } else if (Files.isDirectory(child)) {
                entries.add(locate(name, child, child));
            } else if (name.toLowerCase().endsWith(".zip")) {
                String student = name.substring(0, name.length() - 4);
                Path target = unpackInto.resolve(student);
                String problem = unzip(child, target);
                entries.add(problem != null ? new Entry(student, child, null, problem) : locate(student, child, target));
            } else {
                entries.add(new Entry(name, child, null, "is neither a folder nor a .zip; fix: put each student's "
                        + "repository (a folder) or archive (.zip) in the class folder, and nothing else"));
            }
        }
        return entries;
    }

    /** The folder holding src/main/java: {@code dir} itself, or its single sub-folder that does (GitHub zips). */
    private static Entry locate(String student, Path original, Path dir) {
        if (Files.isDirectory(dir.resolve("src/main/java"))) {
            return new Entry(student, original, dir, null);
        }
        List<Path> inner;
        try (Stream<Path> list = Files.list(dir)) {
            inner = list.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList();
        } catch (IOException e) {
            return new Entry(student, original, null, "cannot be read (" + e.getMessage() + "); fix: check its permissions");
        }
        if (inner.size() == 1) {
            return new Entry(student, original, inner.getFirst(), null);
        }
        return new Entry(student, original, null, inner.isEmpty()
                ? "has no src/main/java (nor one folder below); fix: submit the whole repository, with its src/ folder"
                : "has several folders with src/main/java; fix: submit one repository");
    }

    /**
     * Unpacks {@code zip} into {@code target} (replacing what is there), refusing entries that would land
     * outside it ("zip slip") and archives larger than the limits. Returns the reason for refusing, or null.
     */
    static String unzip(Path zip, Path target) {
        try {
            deleteTree(target);
            Files.createDirectories(target);
            long total = 0;
            int count = 0;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                ZipEntry e;
                byte[] buf = new byte[64 * 1024];
                while ((e = in.getNextEntry()) != null) {
                    if (++count > MAX_ENTRIES) {
                        return "holds more than " + MAX_ENTRIES + " files; fix: zip only the repository (no build output)";
                    }
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target) || e.getName().startsWith("/") || e.getName().contains("..")) {
                        return "has an entry that points outside the archive (" + e.getName() + "); fix: zip the "
                                + "repository folder itself";
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (var os = Files.newOutputStream(out)) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            total += n;
                            if (total > MAX_UNPACKED_BYTES) {
                                return "unpacks to more than " + MAX_UNPACKED_BYTES / (1024 * 1024) + " MiB; fix: zip "
                                        + "only the sources (no build output, no data)";
                            }
                            os.write(buf, 0, n);
                        }
                    }
                }
            }
            return count == 0 ? "is not a zip archive or is empty; fix: submit a .zip of the repository" : null;
        } catch (IOException | IllegalArgumentException e) {
            return "cannot be unpacked (" + e.getMessage() + "); fix: submit a valid .zip of the repository";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
