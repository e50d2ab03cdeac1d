package parakit.grader.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import parakit.grader.run.ProcessTree;

/**
 * Grades on this machine: up to {@code jobs} grader processes at once, each {@code java -cp <this grader>
 * parakit.grader.cli.Main grade <submission> --json <result>}.
 *
 * <p>Why processes and not threads: a grading must never take the batch down (a grader bug, an out-of-memory
 * error, a JVM crash). Why a bound, and why this one: each grading runs up to three test JVMs of its own,
 * whose tests mostly wait (sleeps, timed waits, child JVMs) rather than compute, and whose timing checks
 * compare ratios with wide margins. Measured on 2 cores (grader/bench/throughput.sh, 12 submissions):
 * 1 at once is sequential speed, 2 at once gave 1.67x, 3 at once 2.06x with every score equal to the
 * sequential grading's; and grading under two CPU hogs gave 0 false failures in 20 runs. So the default is
 * one more than the number of cores.
 *
 * <p>Tasks with {@link Task#dedicatedCores()} (speedup checks) run after all the others, one at a time, so that
 * no other grading of the batch shares the cores while they measure.
 */
public final class LocalBackend implements Backend {

    private final int jobs;
    private final Duration limit;

    /**
     * @param jobs  gradings at once (tasks without dedicated cores)
     * @param limit wall-clock limit of one grading; past it the grader process tree is killed
     */
    public LocalBackend(int jobs, Duration limit) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
        this.jobs = jobs;
        this.limit = limit;
    }

    /** One more grading than cores (see the class comment for the measurements behind it). */
    public static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors() + 1;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean run(List<Task> tasks, Listener listener) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("batch-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task t : tasks) {
                if (!t.dedicatedCores()) {
                    futures.add(pool.submit(() -> {
                        listener.started(t);
                        listener.finished(t, grade(t));
                    }));
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("batch worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        for (Task t : tasks) {
            if (t.dedicatedCores()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("batch stopped");
                }
                listener.started(t);
                listener.finished(t, grade(t));
            }
        }
        return true;
    }

    /** Runs one grader process; returns null when its result file is there, else what went wrong. */
    private String grade(Task t) {
        Path tmp = t.result().resolveSibling("." + t.result().getFileName() + ".partial");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "parakit.grader.cli.Main", "grade", t.submission().toString(), "--quiet", "--json", tmp.toString()));
        command.addAll(t.questionOptions());
        Path log = t.result().resolveSibling("." + t.student() + "." + t.part() + ".log");
        try {
            Files.createDirectories(t.result().getParent());
            Files.deleteIfExists(tmp);
            Process p = new ProcessBuilder(ProcessTree.inOwnGroup(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean ended;
            try {
                ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                ProcessTree.kill(p);
                Thread.currentThread().interrupt();
                return "interrupted (the batch was stopped)";
            }
            if (!ended) {
                ProcessTree.kill(p);
                return "grading took longer than " + limit.toSeconds() + " s and was stopped";
            }
            if (p.exitValue() != 0 || !Files.exists(tmp)) {
                return "the grader exited with code " + p.exitValue() + ": " + tail(log);
            }
            Files.move(tmp, t.result(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(log);
            return null;
        } catch (IOException e) {
            return "could not run the grader: " + e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
