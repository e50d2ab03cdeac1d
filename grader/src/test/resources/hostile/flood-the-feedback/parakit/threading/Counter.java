package parakit.threading;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Hostile (flood the report): writes half a million lines into its results channel, each of which the grader
 * must reject, and fails with a ten-megabyte message. The report must stay small and say how much it ignored.
 */
public final class Counter {
    public Counter(long start) {
        try (Stream<Path> walk = Files.walk(Path.of("..").toAbsolutePath().normalize(), 2)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().startsWith("r-"))::iterator) {
                try (BufferedWriter w = Files.newBufferedWriter(p, StandardOpenOption.APPEND)) {
                    for (int i = 0; i < 500_000; i++) {
                        w.write("x {\"type\":\"DIRTY\",\"class\":\"flood " + i + "\",\"threads\":\"t\"}\n");
                    }
                }
            }
        } catch (Exception e) {
            // nothing found
        }
        throw new IllegalStateException("x".repeat(10_000_000));
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
