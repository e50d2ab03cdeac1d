package parakit.grader.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import parakit.grader.run.harness.Harness;

/**
 * The class path of a test JVM: the harness, JUnit, AssertJ, Jackson and the grader's support classes, and
 * nothing a student may not read.
 *
 * <p>Where the grader's own classes came from (its runnable jar, or {@code target/classes} in a build tree)
 * also holds the hidden and public tests, the grading engine's notion of them, and in a build tree perhaps
 * more. A test JVM gets a <em>filtered copy</em> instead: only {@code parakit/grader/**} and
 * {@code parakit/support/**} of the parakit classes (plus every library class). The graded tests and the
 * classes under test reach the test JVM through its request ({@link IsolatedRunner}), never as files.
 *
 * <p>The copy is made once per content (a hash of the sources' paths, sizes and times names it) in a cache
 * folder under {@code java.io.tmpdir}, atomically, so concurrent graders share it. Library jars are copied
 * into the same folder, so that one read-only folder is all a confined test JVM needs to see.
 */
public final class HarnessClasspath {

    /** Classes the harness needs, to find where each library lives. */
    private static final List<String> MARKERS = List.of(
            Harness.class.getName(),
            "org.junit.platform.launcher.core.LauncherFactory",
            "org.junit.platform.engine.TestEngine",
            "org.junit.platform.commons.util.ReflectionUtils",
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.engine.JupiterTestEngine",
            "org.junit.jupiter.params.ParameterizedTest",
            "org.opentest4j.AssertionFailedError",
            "org.apiguardian.api.API",
            "org.assertj.core.api.Assertions",
            "net.bytebuddy.ByteBuddy",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "parakit.support.InMemoryClassLoader");

    /** parakit classes a test JVM may see; every other {@code parakit/} entry is a test or the engine's data. */
    private static final List<String> ALLOWED_PARAKIT = List.of("parakit/grader/", "parakit/support/");

    private static volatile Runtime cached;

    /** The filtered class path and the folder that holds all of it. */
    public record Runtime(Path folder, List<String> entries) {
    }

    private HarnessClasspath() {
    }

    /** The test JVMs' class path entries (absolute paths, all under {@link Runtime#folder()}). */
    static List<String> entries() {
        return runtime().entries();
    }

    /** Builds (once per grader JVM, once per content on disk) and returns the filtered class path. */
    public static Runtime runtime() {
        Runtime r = cached;
        if (r == null) {
            synchronized (HarnessClasspath.class) {
                if (cached == null) {
                    cached = build(sources());
                }
                r = cached;
            }
        }
        return r;
    }

    /** Where each marker class was loaded from: jars and class folders, in a stable order. */
    static List<Path> sources() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            try {
                Class<?> c = Class.forName(marker, false, HarnessClasspath.class.getClassLoader());
                var source = c.getProtectionDomain().getCodeSource();
                if (source != null) {
                    entries.add(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
                }
            } catch (ClassNotFoundException e) {
                // Optional library (e.g. JUnit params) not present: the tests that need it will say so.
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(entries);
    }

    static Runtime build(List<Path> sources) {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"));
        Path folder = cache.resolve("parakit-runtime-" + key(sources));
        if (!Files.isDirectory(folder)) {
            Path temp = null;
            try {
                temp = Files.createTempDirectory(cache, "parakit-runtime-building-");
                for (int i = 0; i < sources.size(); i++) {
                    copyFiltered(sources.get(i), temp.resolve(name(i, sources.get(i))));
                }
                makeReadable(temp);
                try {
                    Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, folder);
                } catch (IOException e) {
                    // Another grader built the same copy first (the rename found the folder there): use theirs.
                    if (!Files.isDirectory(folder)) {
                        throw e;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the test JVMs' class path under " + cache
                        + " (fix: make java.io.tmpdir writable, e.g. -Djava.io.tmpdir=...)", e);
            } finally {
                if (temp != null && Files.exists(temp)) {
                    deleteTree(temp);
                }
            }
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            entries.add(folder.resolve(name(i, sources.get(i))).toString());
        }
        return new Runtime(folder, entries);
    }

    private static String name(int index, Path source) {
        String base = source.getFileName().toString();
        return String.format("%02d-%s", index, Files.isDirectory(source) ? base + "-dir" : base);
    }

    /** Whether a class path entry name may reach a test JVM. */
    static boolean allowed(String entry) {
        if (!entry.startsWith("parakit/")) {
            return !entry.equals("META-INF/services/org.junit.platform.launcher.TestExecutionListener");
        }
        return entry.equals("parakit/") || ALLOWED_PARAKIT.stream().anyMatch(entry::startsWith);
    }

    private static void copyFiltered(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    String rel = source.relativize(f).toString().replace('\\', '/');
                    if (Files.isDirectory(f) || !allowed(rel)) {
                        continue;
                    }
                    Path t = target.resolve(rel);
                    Files.createDirectories(t.getParent());
                    Files.copy(f, t);
                }
            }
            Files.createDirectories(target);
            return;
        }
        try (ZipFile zip = new ZipFile(source.toFile());
             OutputStream file = Files.newOutputStream(target);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!allowed(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    /** World-readable: a confined test JVM runs as another user. */
    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static String key(List<Path> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("filter-v1".getBytes());
            for (Path s : sources) {
                md.update(s.toString().getBytes());
                if (Files.isDirectory(s)) {
                    try (Stream<Path> walk = Files.walk(s)) {
                        for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                            md.update((s.relativize(f) + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis())
                                    .getBytes());
                        }
                    }
                } else {
                    md.update((Files.size(s) + ":" + Files.getLastModifiedTime(s).toMillis()).getBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
