package parakit.grader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how a group of questions was run: the facts a reader needs to trust a timing or speedup figure,
 * or to see that two results are not comparable. Read once per grading, from the OS and the environment
 * Slurm gives a job; every field is empty rather than invented when it cannot be read.
 *
 * @param questions     ids of the questions that ran here
 * @param host          the node's host name
 * @param cpuModel      the CPU's model name ({@code /proc/cpuinfo}), or empty
 * @param processors    processors the test JVMs were told about ({@code -XX:ActiveProcessorCount}), or, when not
 *                      set, the processors this grader's JVM sees
 * @param cpusAllowed   the CPUs this process may run on ({@code Cpus_allowed_list}: shows cgroup or affinity
 *                      pinning), or empty
 * @param jdk           vendor and version of the JDK that ran the tests
 * @param dedicatedCores whether these questions ran with no other test JVM of this grading beside them
 * @param slurm         the Slurm job facts ({@code SLURM_JOB_ID}, {@code SLURM_ARRAY_JOB_ID},
 *                      {@code SLURM_ARRAY_TASK_ID}, {@code SLURM_CPUS_PER_TASK}, {@code SLURM_JOB_PARTITION}) that
 *                      are set, keyed by their names without the prefix, in lower case; empty outside Slurm
 */
public record Environment(List<String> questions, String host, String cpuModel, int processors, String cpusAllowed,
                          String jdk, boolean dedicatedCores, Map<String, String> slurm) {

    private static final List<String> SLURM_VARIABLES = List.of("SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID",
            "SLURM_ARRAY_TASK_ID", "SLURM_CPUS_PER_TASK", "SLURM_JOB_PARTITION");

    public Environment {
        questions = List.copyOf(questions);
        slurm = Map.copyOf(slurm);
    }

    /** This machine and process, for questions run with {@code settings}. */
    public static Environment current(List<String> questions, RunSettings settings, boolean dedicatedCores) {
        int processors = settings.processors() > 0 ? settings.processors() : Runtime.getRuntime().availableProcessors();
        Map<String, String> slurm = new java.util.TreeMap<>();
        for (String v : SLURM_VARIABLES) {
            String value = System.getenv(v);
            if (value != null && !value.isBlank()) {
                slurm.put(v.substring("SLURM_".length()).toLowerCase(), value);
            }
        }
        return new Environment(questions, hostName(), procLine(Path.of("/proc/cpuinfo"), "model name").orElse(""),
                processors, procLine(Path.of("/proc/self/status"), "Cpus_allowed_list").orElse(""),
                System.getProperty("java.vendor", "") + " " + Runtime.version(), dedicatedCores, slurm);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return read(Path.of("/proc/sys/kernel/hostname")).map(String::trim).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** The value of the first {@code key: value} line of a /proc file, trimmed. */
    private static Optional<String> procLine(Path file, String key) {
        return read(file).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or not readable: the field stays empty
        }
    }
}
