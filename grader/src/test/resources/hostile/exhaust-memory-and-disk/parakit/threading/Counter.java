package parakit.threading;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hostile (exhaust the machine): a child process that holds three gigabytes in memory (a string doubled forty times, in
 * the background), and a file in /tmp written until the disk is full. The run's memory limit and its
 * small private /tmp stop both; the grading and its bystanders go on.
 */
public final class Counter {
    public Counter(long start) {
        StringBuilder what = new StringBuilder();
        try {
            // Not waited for: it grows until the run's memory limit stops it (SandboxTest measures that alone).
            new ProcessBuilder("awk", "BEGIN { s = \"a\"; for (i = 0; i < 40; i++) s = s s }").start();
            what.append("memory child started");
        } catch (Exception e) {
            what.append("memory child: ").append(e);
        }
        try {
            byte[] block = new byte[1 << 20];
            Path filler = Path.of("/tmp", "parakit-hostile-filler");
            for (int i = 0; i < 4096; i++) {
                Files.write(filler, block, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            what.append("; /tmp took 4 GiB");
        } catch (Exception e) {
            what.append("; /tmp: ").append(e.getMessage());
        }
        throw new IllegalStateException(what.toString());
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
