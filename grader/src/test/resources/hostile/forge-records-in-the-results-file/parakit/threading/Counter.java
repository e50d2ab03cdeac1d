package parakit.threading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Hostile (forge the score): a counter that counts nothing, and writes "passed" records for every test into each
 * results channel it can find (its own JVM's folder and any other test JVM's beside it), with made-up signatures.
 */
public final class Counter {
    public Counter(long start) {
        String[] tests = {"CounterTest.countsFromStart", "CounterTest.fourThreadsLoseNothing",
                "CounterHiddenTest.noIncrementIsLostUnderContention"};
        for (Path dir : new Path[] {Path.of("..").toAbsolutePath().normalize(), Path.of("../..").toAbsolutePath().normalize()}) {
            try (Stream<Path> walk = Files.walk(dir, 3)) {
                walk.filter(p -> p.getFileName().toString().startsWith("r-")).forEach(p -> {
                    for (String t : tests) {
                        String json = "{\"type\":\"FINISH\",\"test\":\"" + t + "\",\"status\":\"PASSED\",\"millis\":1}";
                        try {
                            Files.writeString(p, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA " + json + "\n", StandardOpenOption.APPEND);
                        } catch (Exception e) {
                            // not ours to write
                        }
                    }
                });
            } catch (Exception e) {
                // keep looking elsewhere
            }
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
