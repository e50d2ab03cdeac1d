package parakit.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import parakit.grader.report.AtomicFile;

/**
 * Grades as one Slurm job array, one task per submission, plus an aggregation job that runs after the
 * whole array ({@code --dependency=afterany:}). The sbatch scripts are kept in {@code <out>/slurm/} so that
 * an instructor can read or resubmit them. Each task runs the grader with the JDK of the submitting host
 * (the output folder and the grader must be on a file system the nodes share) and sets the JVM's heap and
 * processor count from the allocation explicitly, so that results do not depend on how a cluster confines
 * jobs. The per-submission limit is enforced inside the task with {@code timeout}: Slurm's own limit is
 * whole minutes, checked about every 30 s, and stays as the backstop.
 *
 * <p>Progress comes from polling {@code squeue} and the result files, not from {@code sbatch --wait} (whose
 * back-off sleeps up to 32 s).
 */
public final class SlurmBackend implements Backend {

    /** Slurm settings of the array's tasks. */
    public record Settings(int cpusPerTask, int memMegabytes, int timeMinutes, int throttle, String partition,
                           String account, String qos) {
    }

    private final Path dir;
    private final Settings s;
    private final Duration limit;
    private final List<String> gradeOptions;

    public SlurmBackend(Path dir, Settings settings, Duration limit, List<String> gradeOptions) {
        this.dir = dir;
        this.s = settings;
        this.limit = limit;
        this.gradeOptions = List.copyOf(gradeOptions);
    }

    @Override
    public String name() {
        return "slurm";
    }

    /** Whether {@code sbatch} and {@code squeue} answer (a cluster is reachable from here). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-o", "%i").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void run(List<Task> tasks, Listener listener) throws InterruptedException {
        if (tasks.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
            StringBuilder tsv = new StringBuilder();
            for (Task t : tasks) {
                Files.deleteIfExists(t.result());
                tsv.append(t.student()).append('\t').append(t.submission()).append('\t').append(t.result()).append('\n');
            }
            AtomicFile.write(dir.resolve("tasks.tsv"), tsv.toString());
            AtomicFile.write(dir.resolve("grade-array.sbatch"), arrayScript(tasks.size()));
            AtomicFile.write(dir.resolve("aggregate.sbatch"), aggregateScript());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Slurm scripts under " + dir + ": " + e.getMessage(), e);
        }
        String array = sbatch(dir.resolve("grade-array.sbatch"), List.of());
        String aggregate = sbatch(dir.resolve("aggregate.sbatch"), List.of("--dependency=afterany:" + array));
        AtomicFile.write(dir.resolve("job-ids.txt"), "array " + array + "\naggregate " + aggregate + "\n");

        Set<Integer> started = new HashSet<>();
        Set<Integer> finished = new HashSet<>();
        while (finished.size() < tasks.size()) {
            Thread.sleep(1000);
            List<String> queue = squeue(array);
            if (queue == null) {
                continue; // the controller did not answer this time: ask again, do not guess
            }
            Set<Integer> inQueue = new HashSet<>();
            for (String l : queue) {
                String[] parts = l.trim().split("\\s+");
                int underscore = parts[0].indexOf('_');
                if (underscore < 0 || parts.length < 2) {
                    continue;
                }
                String idx = parts[0].substring(underscore + 1);
                if (!idx.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                int i = Integer.parseInt(idx);
                inQueue.add(i);
                if (!parts[1].equals("PENDING") && started.add(i)) {
                    listener.started(tasks.get(i));
                }
            }
            for (int i = 0; i < tasks.size(); i++) {
                if (finished.contains(i)) {
                    continue;
                }
                Task t = tasks.get(i);
                boolean done = Files.exists(t.result());
                if (done || !inQueue.contains(i)) {
                    if (started.add(i)) {
                        listener.started(t);
                    }
                    finished.add(i);
                    listener.finished(t, done ? null : "Slurm task " + array + "_" + i + " ended without a result ("
                            + state(array + "_" + i) + "); see " + dir.resolve("logs"));
                }
            }
        }
    }

    /** The array's tasks still in the queue ("id state" lines), or null when squeue failed. */
    private static List<String> squeue(String array) {
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-r", "-j", array, "-o", "%i %T").start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return text.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String state(String jobId) {
        for (String l : lines(List.of("scontrol", "-o", "show", "job", jobId))) {
            int i = l.indexOf("JobState=");
            if (i >= 0) {
                String rest = l.substring(i + 9);
                int r = rest.indexOf("Reason=", 0);
                String st = rest.split("\\s+")[0];
                return "state " + st + (r >= 0 ? ", " + rest.substring(r).split("\\s+")[0] : "");
            }
        }
        return "state unknown";
    }

    private String arrayScript(int n) {
        int heap = Math.max(128, s.memMegabytes() / 4);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# parakit: one array task per submission (written by parakit batch; resubmit with sbatch)\n");
        b.append("#SBATCH --job-name=parakit-grade\n");
        b.append("#SBATCH --array=0-").append(n - 1).append(s.throttle() > 0 ? "%" + s.throttle() : "").append('\n');
        b.append("#SBATCH --cpus-per-task=").append(s.cpusPerTask()).append('\n');
        b.append("#SBATCH --mem=").append(s.memMegabytes()).append("M\n");
        b.append("#SBATCH --time=").append(s.timeMinutes()).append('\n');
        b.append("#SBATCH --output=").append(dir.resolve("logs")).append("/%A_%a.out\n");
        optional(b, "partition", s.partition());
        optional(b, "account", s.account());
        optional(b, "qos", s.qos());
        b.append("set -euo pipefail\n");
        b.append("IFS=$'\\t' read -r student submission result < <(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ")
                .append(quote(dir.resolve("tasks.tsv").toString())).append(")\n");
        b.append("tmp=\"$(dirname \"$result\")/.$student.partial.$SLURM_JOB_ID\"\n");
        b.append("# The per-submission limit, enforced here: Slurm's --time is whole minutes and only a backstop.\n");
        b.append("timeout --kill-after=10 ").append(limit.toSeconds()).append(' ').append(quote(java))
                .append(" -Xmx").append(heap).append("m -XX:ActiveProcessorCount=\"$SLURM_CPUS_PER_TASK\" -cp ")
                .append(quote(System.getProperty("java.class.path")))
                .append(" parakit.grader.cli.Main grade \"$submission\" --quiet --json \"$tmp\" --heap ").append(heap)
                .append(" --processors \"$SLURM_CPUS_PER_TASK\"");
        gradeOptions.forEach(o -> b.append(' ').append(quote(o)));
        b.append('\n').append("mv -f \"$tmp\" \"$result\"\n");
        return b.toString();
    }

    private String aggregateScript() {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# parakit: runs after every task of the array has ended (afterany), whatever their states.\n");
        b.append("#SBATCH --job-name=parakit-aggregate\n#SBATCH --time=5\n#SBATCH --mem=256M\n");
        b.append("#SBATCH --output=").append(dir.resolve("logs")).append("/aggregate-%j.out\n");
        optional(b, "partition", s.partition());
        optional(b, "account", s.account());
        optional(b, "qos", s.qos());
        b.append("ls ").append(quote(dir.getParent().resolve("results").toString())).append(" | grep -c '\\.json$' > ")
                .append(quote(dir.resolve("aggregated.txt").toString())).append('\n');
        return b.toString();
    }

    private static void optional(StringBuilder b, String option, String value) {
        if (value != null && !value.isBlank()) {
            b.append("#SBATCH --").append(option).append('=').append(value).append('\n');
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String sbatch(Path script, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(options);
        cmd.add(script.toString());
        List<String> out = lines(cmd);
        if (out.isEmpty() || !out.getFirst().trim().split(";")[0].chars().allMatch(Character::isDigit)) {
            throw new UncheckedIOException(new IOException("sbatch did not submit " + script + ": " + String.join(" ", out)));
        }
        return out.getFirst().trim().split(";")[0];
    }

    private static List<String> lines(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
