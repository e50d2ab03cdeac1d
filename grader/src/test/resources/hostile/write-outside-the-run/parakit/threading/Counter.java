package parakit.threading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Hostile (write outside the run): writes a marker into the home folder, /tmp and /var/tmp, and into every other
 * grading's folder it can find under /tmp (where a batch grading beside it would read its results). None may
 * appear outside the test JVM's own run folder.
 */
public final class Counter {
    public Counter(long start) {
        String home = System.getProperty("user.home");
        for (String dir : new String[] {home, "/root", "/tmp", "/var/tmp", "/dev/shm"}) {
            write(Path.of(dir, "parakit-hostile-marker"));
        }
        try (Stream<Path> list = Files.list(Path.of("/tmp"))) {
            list.filter(p -> p.getFileName().toString().startsWith("parakit-grade-")
                    || p.getFileName().toString().startsWith("junit")).forEach(p -> write(p.resolve("parakit-hostile-marker")));
        } catch (Exception e) {
            // nothing to list
        }
    }

    private static void write(Path p) {
        try {
            Files.writeString(p, "written by hostile code");
        } catch (Exception e) {
            // refused: as it should be
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
