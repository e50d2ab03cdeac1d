package parakit.threading;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

/**
 * Hostile (read the hidden tests): asks every class loader it can reach for a hidden test's class file, reads
 * its own class path, and searches the file system for hidden test sources and the grader's jar; whatever it
 * finds goes into an exception message, which the report shows. Nothing may be found.
 */
public final class Counter {
    public Counter(long start) {
        StringBuilder leak = new StringBuilder();
        String resource = "parakit/threading/CounterHiddenTest.class";
        for (ClassLoader l : new ClassLoader[] {Counter.class.getClassLoader(), Thread.currentThread().getContextClassLoader(),
                ClassLoader.getSystemClassLoader()}) {
            try (InputStream in = l.getResourceAsStream(resource)) {
                if (in != null) {
                    leak.append("CLASS:").append(Base64.getEncoder().encodeToString(in.readAllBytes()));
                }
            } catch (Exception e) {
                // try the next
            }
        }
        for (String entry : System.getProperty("java.class.path").split(":")) {
            leak.append(" CP:").append(entry);
        }
        for (String root : new String[] {"../../..", "/tmp", "/work", "/root", "/home", "/opt", "/srv", "/usr/local"}) {
        try (Stream<Path> walk = Files.walk(Path.of(root).toAbsolutePath().normalize(), 8)) {
            walk.filter(p -> p.getFileName() != null && (p.getFileName().toString().contains("HiddenTest")
                    || p.getFileName().toString().equals("parakit-grader.jar"))).limit(5).forEach(p -> {
                try {
                    leak.append(" FILE:").append(p).append(':').append(Base64.getEncoder()
                            .encodeToString(Files.readAllBytes(p))).append(Files.isRegularFile(p) ? Files.readString(p) : "");
                } catch (Exception e) {
                    leak.append(" FILE:").append(p).append(" (unreadable)");
                }
            });
        } catch (Exception e) {
            // nothing there
        }
        }
        throw new IllegalStateException("LEAK " + leak);
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
