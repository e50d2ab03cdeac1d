package parakit.grader.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import parakit.grader.report.AtomicFile;
import parakit.grader.run.ProcessTree;

/**
 * Grades on this machine, with the grader's worker command ({@code parakit.grader.cli.Main grade-tasks}) on task
 * lists written to the work folder: up to {@code jobs} worker processes at once for the tasks that share the
 * cores, one task each; then one worker for all the tasks with dedicated cores, one task after the other.
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
 * no other grading of the batch shares the cores while they measure. Nothing else runs then, so whatever a task
 * costs besides its measurement adds up in series: hence one worker JVM for all of them, started once, instead
 * of a grader JVM per task (about a second less per task on 2 cores; see grader/bench/throughput.sh).
 *
 * <p>Every worker is watched from here too: a worker that dies (a JVM crash) fails the task it was on and a new
 * worker goes on with the next; a worker silent for longer than the per-task limit and a minute of grace (its
 * own limit did not act) is killed with its process tree, as if it had died.
 */
public final class LocalBackend implements Backend {

    /** A worker's event line: {@code parakit: task INDEX STUDENT started|graded|failed: REASON}. */
    private static final Pattern EVENT = Pattern.compile("parakit: task (\\d+) (\\S+) (started|graded|failed: (.*))");
    /** Past the per-task limit, how long a silent worker is given before it is killed from here. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private final int jobs;
    private final Duration limit;
    private final Path work;

    /**
     * @param jobs  gradings at once (tasks without dedicated cores)
     * @param limit wall-clock limit of one grading; past it the grading's test JVMs are killed
     * @param work  where the task lists and the workers' logs go ({@code <out>/work})
     */
    public LocalBackend(int jobs, Duration limit, Path work) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }
        this.jobs = jobs;
        this.limit = limit;
        this.work = work;
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
        List<Task> shared = tasks.stream().filter(t -> !t.dedicatedCores()).toList();
        List<Task> dedicated = tasks.stream().filter(Task::dedicatedCores).toList();
        Path sharedList = writeList(Task.MAIN, shared);
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("batch-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < shared.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    work(sharedList, shared, index, index, listener);
                    return null;
                }));
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
        if (Thread.interrupted()) {
            throw new InterruptedException("batch stopped");
        }
        if (!dedicated.isEmpty()) {
            work(writeList(Task.DEDICATED, dedicated), dedicated, 0, dedicated.size() - 1, listener);
        }
        return true;
    }

    private Path writeList(String part, List<Task> tasks) {
        Path list = work.resolve("tasks-" + part + ".tsv");
        if (!tasks.isEmpty()) {
            AtomicFile.write(list, tasks.stream().map(t -> t.toListLine() + "\n").collect(Collectors.joining()));
        }
        return list;
    }

    /**
     * Grades {@code tasks[from..to]} (the lines of {@code list}) with worker processes, one after another; reports
     * every task to the listener exactly once. Returns when all are reported.
     */
    private void work(Path list, List<Task> tasks, int from, int to, Listener listener) throws InterruptedException {
        // On interruption (the batch is stopped) this returns early with the interrupt flag set.
        int next = from;
        while (next <= to) {
            Task first = tasks.get(next);
            Path log = work.resolve("logs").resolve(first.student() + "." + first.part() + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(GRADER_JVM_OPTIONS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "parakit.grader.cli.Main", "grade-tasks", list.toString(), "--from", String.valueOf(next),
                    "--to", String.valueOf(to), "--limit", String.valueOf(limit.toSeconds())));
            Process p;
            try {
                Files.createDirectories(log.getParent());
                p = new ProcessBuilder(ProcessTree.inOwnGroup(command)).redirectError(log.toFile()).start();
            } catch (IOException e) {
                for (int i = next; i <= to; i++) {
                    listener.started(tasks.get(i));
                    listener.finished(tasks.get(i), "could not run the grader: " + e.getMessage());
                }
                return;
            }
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofPlatform().daemon().name("worker-output").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        events.add(line);
                    }
                } catch (IOException e) {
                    // the worker is gone: the end marker below says so
                } finally {
                    events.add("");
                }
            });
            int current = -1; // the task the worker is on
            String ended = null; // why the worker stopped before finishing `current`
            try {
                while (true) {
                    String line = events.poll(limit.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                    if (line == null) {
                        ended = "grading took longer than " + limit.toSeconds() + " s and was stopped";
                        break;
                    }
                    if (line.isEmpty()) {
                        p.waitFor(30, TimeUnit.SECONDS);
                        ended = "the grader exited with code " + (p.isAlive() ? "?" : p.exitValue()) + ": " + tail(log);
                        break;
                    }
                    Matcher m = EVENT.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    int index = Integer.parseInt(m.group(1));
                    if (index < next || index > to
                            || !(m.group(2).equals(tasks.get(index).student()) || m.group(2).equals("?"))) {
                        continue; // not an event of a task still open here: only a stray line could say it
                    }
                    Task t = tasks.get(index);
                    if (m.group(3).equals("started")) {
                        current = index;
                        listener.started(t);
                    } else {
                        if (current != index) {
                            listener.started(t); // a task that failed before it started (an unreadable line)
                        }
                        String failure = m.group(4);
                        if (failure == null && !Files.exists(t.result())) {
                            failure = "the grader reported a result, but " + t.result() + " is missing";
                        }
                        listener.finished(t, failure);
                        current = -1;
                        next = index + 1;
                    }
                }
            } catch (InterruptedException e) {
                // The batch is being stopped: the task under way ends without a result; the next run grades it.
                // (The worker is killed below, as on every way out.)
                if (current >= 0) {
                    listener.finished(tasks.get(current), "interrupted (the batch was stopped)");
                }
                Thread.currentThread().interrupt();
                return;
            } finally {
                ProcessTree.kill(p);
            }
            reader.join(5_000);
            if (next <= to) {
                // The worker stopped early: the task it was on (or, if it died before starting one, the next)
                // fails with the reason, and a new worker goes on after it.
                int stopped = current >= 0 ? current : next;
                if (current < 0) {
                    listener.started(tasks.get(stopped));
                }
                listener.finished(tasks.get(stopped), ended);
                next = stopped + 1;
            } else {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a log left behind is harmless
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
