package parakit.grader.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Class files as bytes, keyed by binary class name: what a test JVM's request carries instead of a class path
 * folder (see {@link parakit.support.InMemoryClassLoader}).
 */
final class ClassBytes {

    private ClassBytes() {
    }

    /** Every class file under {@code folder} (a compiler's output). */
    static Map<String, byte[]> inFolder(Path folder) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
                String rel = folder.relativize(f).toString().replace('\\', '/');
                found.put(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the compiled classes under " + folder, e);
        }
        return found;
    }

    /**
     * The class file of {@code top} and those of its nested, local and anonymous classes ({@code top$...}), read
     * from where the grader loaded {@code top} (its jar or its classes folder).
     *
     * @throws IllegalStateException if the grader has no such class
     */
    static Map<String, byte[]> ofTestClass(String top) {
        Class<?> c;
        try {
            c = Class.forName(top, false, ClassBytes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the grader has no test class " + top, e);
        }
        String prefix = top.replace('.', '/');
        Map<String, byte[]> found = new LinkedHashMap<>();
        try {
            Path source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                Path dir = source.resolve(prefix).getParent();
                String simple = prefix.substring(prefix.lastIndexOf('/') + 1);
                try (Stream<Path> list = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) list.sorted()::iterator) {
                        String n = f.getFileName().toString();
                        if (n.equals(simple + ".class") || (n.startsWith(simple + "$") && n.endsWith(".class"))) {
                            String binary = top.substring(0, top.length() - simple.length()) + n.substring(0, n.length() - 6);
                            found.put(binary, Files.readAllBytes(f));
                        }
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(source.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                        String n = e.getName();
                        if (n.equals(prefix + ".class") || (n.startsWith(prefix + "$") && n.endsWith(".class"))) {
                            try (InputStream in = zip.getInputStream(e)) {
                                found.put(n.substring(0, n.length() - 6).replace('/', '.'), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class files of " + top, e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the grader loaded " + top + " from", e);
        }
        return found;
    }
}
