package parakit.grader.authoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the repository a course hands out to students from {@code exercises/} of the parakit source tree: the
 * skeletons, public tests and their support, the lesson pages, a standalone POM, a README for students, a
 * {@code .gitignore} and the students' workflow, for all sections or some (a week's worth).
 *
 * <p>Invariants of an export: no line of a solution region (the skeletons are generated from the solutions, and
 * the export checks again that no region marker is left), no hidden test, and no instructor-only text (the
 * source tree's build profile, notes about {@code solutions/} or {@code ./parakit generate}). The export is
 * checked in memory before anything is written, and is written only into a folder that is new or empty, so that
 * an export never overwrites a student's or an instructor's files.
 */
public final class Exporter {

    /** Text that must never reach students: it marks a solution, a hidden test or an instructor's note. */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile(">>>\\s*SOLUTION"), Pattern.compile("<<<\\s*SOLUTION"), Pattern.compile("HiddenTest"),
            Pattern.compile("src/hidden"), Pattern.compile("\\.\\./solutions"), Pattern.compile("parakit generate"),
            Pattern.compile("parakit-source-tree"));

    /** What was exported: the sections, and the files relative to the export's root. */
    public record Result(List<String> sections, List<String> files) {
    }

    /** The export cannot be made; the message names the file or option and the fix. */
    public static final class ExportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ExportException(String message) {
            super(message);
        }
    }

    /** The sections the source tree has: the folders under {@code exercises/src/main/java/parakit}. */
    public static List<String> sections(Path root) {
        Path skeletons = root.resolve("exercises/src/main/java/parakit");
        try (Stream<Path> list = Files.list(skeletons)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ExportException("no skeletons at " + skeletons + "; fix: run this from the parakit source tree "
                    + "or pass --root DIR");
        }
    }

    /**
     * Exports {@code sections} (all when empty) of the source tree at {@code root} into {@code target}.
     *
     * @throws ExportException if a section is unknown, {@code target} holds files, or a file would carry text that
     *                         must not reach students (nothing is written then)
     */
    public Result export(Path root, Path target, List<String> sections) {
        List<String> known = sections(root);
        List<String> chosen = sections.isEmpty() ? known : List.copyOf(sections);
        for (String s : chosen) {
            if (!known.contains(s)) {
                throw new ExportException("unknown section '" + s + "'; fix: choose among " + String.join(", ", known));
            }
        }
        Path exercises = root.resolve("exercises");
        Map<String, byte[]> files = new TreeMap<>();
        for (String s : chosen) {
            copyTree(exercises, "src/main/java/parakit/" + s, files);
            copyTree(exercises, "src/main/resources/parakit/" + s, files);
            copyTree(exercises, "src/test/java/parakit/" + s, files);
            copyTree(exercises, "src/test/resources/parakit/" + s, files);
            copyFile(exercises, "lessons/" + s + ".md", files);
        }
        // Shared by every section: the test support, the points summary and its registration.
        copyTree(exercises, "src/test/java/parakit/support", files);
        try (Stream<Path> top = Files.list(exercises.resolve("src/test/java/parakit"))) {
            top.filter(Files::isRegularFile).forEach(f -> copyFile(exercises, "src/test/java/parakit/" + f.getFileName(), files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copyTree(exercises, "src/test/resources/META-INF", files);
        copyFile(exercises, ".github/workflows/parakit.yml", files);
        copyFile(exercises, ".github/parakit-points.sh", files);
        files.put("pom.xml", studentPom(read(exercises.resolve("pom.xml"))).getBytes(StandardCharsets.UTF_8));
        files.put("README.md", readme(chosen, root).getBytes(StandardCharsets.UTF_8));
        files.put(".gitignore", template("gitignore").getBytes(StandardCharsets.UTF_8));

        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String text = new String(f.getValue(), StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (Pattern p : FORBIDDEN) {
                    if (p.matcher(lines[i]).find()) {
                        throw new ExportException(f.getKey() + ":" + (i + 1) + " holds '" + p.pattern().replace("\\", "")
                                + "', which must not reach students; fix: regenerate the skeletons (./parakit "
                                + "generate) or remove the instructor's text from exercises/" + f.getKey());
                    }
                }
            }
        }
        write(target, files);
        return new Result(chosen, List.copyOf(files.keySet()));
    }

    /** The exercises' POM without the source tree's profile and with a header for students. */
    static String studentPom(String pom) {
        String header = """
                <!--
                  Your parakit project. Run `mvn test`: it compiles your code, runs the public tests and ends with your
                  points per question (and hints for the tests that failed).

                  It needs a JDK 21 or newer. If the `java` on your PATH is older, the build looks for an installed
                  JDK 21+ by itself (JAVA_HOME, the usual install folders); if there is none, it says so.
                -->
                """;
        String out = pom.replaceFirst("(?s)<!--.*?-->\\s*", Matcher.quoteReplacement(header));
        out = out.replaceFirst("(?s)\\s*<profiles>.*?</profiles>", "");
        return out;
    }

    private static String readme(List<String> sections, Path root) {
        StringBuilder list = new StringBuilder();
        for (String s : sections) {
            String title = s;
            for (String line : read(root.resolve("exercises/lessons/" + s + ".md")).split("\n")) {
                if (line.startsWith("# ")) {
                    title = line.substring(2).strip();
                    break;
                }
            }
            list.append("- [").append(title).append("](lessons/").append(s).append(".md): `src/main/java/parakit/")
                    .append(s).append("/`\n");
        }
        return template("README.md").replace("{{SECTIONS}}", list.toString().stripTrailing());
    }

    private static String template(String name) {
        try (InputStream in = Exporter.class.getResourceAsStream("/parakit/export/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the grader jar lacks parakit/export/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path base, String rel, Map<String, byte[]> into) {
        Path dir = base.resolve(rel);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> into.put(base.relativize(f).toString().replace('\\', '/'),
                    bytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFile(Path base, String rel, Map<String, byte[]> into) {
        Path f = base.resolve(rel);
        if (!Files.isRegularFile(f)) {
            throw new ExportException("exercises/" + rel + " is missing; fix: restore it (git checkout -- exercises/" + rel + ")");
        }
        into.put(rel, bytes(f));
    }

    private static void write(Path target, Map<String, byte[]> files) {
        try {
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new ExportException(target + " is a file; fix: give a new folder to export into");
                }
                try (Stream<Path> list = Files.list(target)) {
                    if (list.findAny().isPresent()) {
                        throw new ExportException(target + " is not empty; fix: give a new or empty folder (an export "
                                + "never overwrites files)");
                    }
                }
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path out = target.resolve(f.getKey());
                Files.createDirectories(out.getParent());
                Files.write(out, f.getValue());
                if (f.getKey().endsWith(".sh")) {
                    try {
                        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(out));
                        perms.addAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_EXECUTE));
                        Files.setPosixFilePermissions(out, perms);
                    } catch (UnsupportedOperationException e) {
                        // Not a POSIX file system (Windows): Git records the bit from `git update-index --chmod=+x`.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export to " + target, e);
        }
    }

    private static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        return new String(bytes(f), StandardCharsets.UTF_8);
    }
}
