package parakit.grader.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import parakit.grader.report.AtomicFile;

/**
 * Grades on a Slurm cluster: one job array per part ({@link Task#MAIN}; {@link Task#DEDICATED} with
 * {@code --exclusive}, so speedup checks never share cores with other gradings), one array task per
 * submission, and an aggregation job that runs after both arrays ({@code --dependency=afterany:}) and writes the
 * gradebook with this same grader ({@code batch --attach}).
 *
 * <p>The sbatch scripts are rendered from the templates in {@code slurm/templates/} (packed into the grader jar)
 * and kept in {@code <out>/slurm/} with the task lists, {@code job-ids.txt} and {@code logs/}, so that an
 * instructor can read or resubmit them. Each task runs the grader with the JVM's heap and processor count set
 * from the allocation explicitly, and enforces the per-submission limit itself with {@code timeout}: Slurm's
 * own limit is whole minutes, checked about every 30 s, and stays as the backstop.
 *
 * <p>Progress comes from polling {@code squeue} and the result files, not from {@code sbatch --wait}, whose
 * back-off sleeps up to 32 s. A task that leaves the queue without a result is reported with its Slurm state
 * ({@code TIMEOUT}, {@code CANCELLED}, {@code OUT_OF_MEMORY}, {@code NODE_FAIL}, ...) and the last line its script
 * logged; the batch then records it as failed and the next run grades it again.
 */
public final class SlurmBackend implements Backend {

    /**
     * Slurm settings of the grading tasks.
     *
     * @param java      the {@code java} command on the nodes (a path, or {@code java} after a {@code module load})
     * @param taskSetup a shell line each job runs first (e.g. {@code module load java/21}), or empty
     * @param oversubscribe whether the main array's tasks may share cores with other jobs ({@code --oversubscribe},
     *                  where the partition allows it); never the dedicated array's
     * @param dedicatedCpus 0: the dedicated array's tasks take a whole node ({@code --exclusive}); N: they take N
     *                  whole cores ({@code --cpus-per-task=N --hint=nomultithread}), which is only dedicated on a
     *                  cluster that confines jobs to their cores (cgroups)
     * @param dedicatedPerTask submissions graded one after another by each task of the dedicated array, in one
     *                  grader JVM: a whole node for a few seconds' speedup check costs more to schedule and start
     *                  than to use, so a task takes several (the main array always has one submission a task)
     */
    public record Settings(int cpusPerTask, int memMegabytes, int timeMinutes, int throttle, String partition,
                           String account, String qos, String java, String taskSetup, boolean oversubscribe,
                           int dedicatedCpus, int dedicatedPerTask) {

        public Settings {
            if (dedicatedPerTask < 1) {
                throw new IllegalArgumentException("dedicatedPerTask must be at least 1: " + dedicatedPerTask);
            }
        }

        /** The JDK this grader runs on, which must then exist at the same path on the nodes. */
        public static String thisJava() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }

    /** What {@link #run} does with the tasks. */
    public enum Mode {
        /** Submit, then follow the jobs until every task has ended. */
        WAIT,
        /** Submit and return: the aggregation job writes the gradebook. */
        DETACH,
        /** Submit nothing: follow the jobs that {@code job-ids.txt} records (what the aggregation job does). */
        ATTACH
    }

    /** How long the scheduler may fail to answer before the remaining tasks are given up as failed. */
    private static final Duration SCHEDULER_SILENCE = Duration.ofMinutes(10);
    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

    private final Path dir;
    private final Settings s;
    private final Duration limit;
    private final Mode mode;
    private final List<String> aggregateArguments;
    /** Submissions per array task, by part, for this batch: planned from the site's limits ({@link ClusterLimits}). */
    private final Map<String, Integer> packing = new HashMap<>();
    /** Where the site's limits come from: its commands ({@link #askLimits}), or a test's fixed answer. */
    private final java.util.function.Supplier<ClusterLimits> limits;

    /**
     * @param dir                where scripts, task lists, job ids and logs go ({@code <out>/slurm})
     * @param limit              the per-submission limit enforced inside each task
     * @param aggregateArguments the arguments of {@code batch} that collect this batch in the aggregation job
     *                           (the class folder, {@code --out}, {@code --backend slurm --attach}, the questions)
     */
    public SlurmBackend(Path dir, Settings settings, Duration limit, Mode mode, List<String> aggregateArguments) {
        this(dir, settings, limit, mode, aggregateArguments, SlurmBackend::askLimits);
    }

    /** As the public constructor, with the site's limits from {@code limits} (tests: scripts without a cluster). */
    SlurmBackend(Path dir, Settings settings, Duration limit, Mode mode, List<String> aggregateArguments,
            java.util.function.Supplier<ClusterLimits> limits) {
        this.limits = limits;
        this.dir = dir;
        this.s = settings;
        this.limit = limit;
        this.mode = mode;
        this.aggregateArguments = List.copyOf(aggregateArguments);
    }

    @Override
    public String name() {
        return "slurm";
    }

    /** Whether {@code squeue} answers (a cluster is reachable from here). */
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
    public boolean run(List<Task> tasks, Listener listener) throws InterruptedException {
        if (tasks.isEmpty()) {
            return true;
        }
        Map<Task, String> ids = mode == Mode.ATTACH ? recorded(tasks, listener) : submit(tasks);
        if (mode == Mode.DETACH) {
            return false;
        }
        follow(ids, listener);
        return true;
    }

    /** Writes the scripts and task lists, submits the arrays and the aggregation job; the array task of each task. */
    private Map<Task, String> submit(List<Task> tasks) {
        Map<String, List<Task>> byPart = writeScripts(tasks);
        // Ask Slurm whether it would take the scripts before anything is queued: a wrong partition, account, QoS or
        // a limit past the site's maximum is reported now, with Slurm's words, not after half the batch is in.
        for (String part : byPart.keySet()) {
            testOnly(script(part));
        }
        Map<Task, String> ids = new LinkedHashMap<>();
        StringBuilder record = new StringBuilder();
        List<String> arrays = new ArrayList<>();
        for (Map.Entry<String, List<Task>> part : byPart.entrySet()) {
            String array = sbatch(script(part.getKey()), List.of());
            arrays.add(array);
            int per = perTask(part.getKey());
            record.append(part.getKey()).append(' ').append(array).append(' ').append(per).append('\n');
            for (int i = 0; i < part.getValue().size(); i++) {
                ids.put(part.getValue().get(i), array + "_" + i / per);
            }
        }
        String aggregate = sbatch(dir.resolve("aggregate.sbatch"), List.of("--dependency=afterany:" + String.join(":", arrays)));
        record.append("aggregate ").append(aggregate).append('\n');
        AtomicFile.write(dir.resolve("job-ids.txt"), record.toString());
        return ids;
    }

    /**
     * Writes, for each part, its task list and array script, and the aggregation script; deletes the tasks' old
     * result files (a result that appears from now on is this batch's). Returns the tasks by part, in order.
     */
    Map<String, List<Task>> writeScripts(List<Task> tasks) {
        Map<String, List<Task>> byPart = new LinkedHashMap<>();
        tasks.forEach(t -> byPart.computeIfAbsent(t.part(), k -> new ArrayList<>()).add(t));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        byPart.forEach((part, list) -> sizes.put(part, list.size()));
        packing.clear();
        try {
            packing.putAll(limits.get().plan(sizes, Map.of(Task.MAIN, 1, Task.DEDICATED, s.dedicatedPerTask())));
        } catch (ClusterLimits.OverLimitException e) {
            throw new UncheckedIOException(new IOException(e.getMessage()));
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
            for (Map.Entry<String, List<Task>> part : byPart.entrySet()) {
                StringBuilder tsv = new StringBuilder();
                for (Task t : part.getValue()) {
                    Files.deleteIfExists(t.result());
                    tsv.append(t.toListLine()).append('\n');
                }
                AtomicFile.write(tasksFile(part.getKey()), tsv.toString());
                AtomicFile.write(script(part.getKey()), gradeScript(part.getKey(), part.getValue().size()));
            }
            AtomicFile.write(dir.resolve("aggregate.sbatch"), aggregateScript());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Slurm scripts under " + dir + ": " + e.getMessage(), e);
        }
        return byPart;
    }

    /** The array task of each task, from the task lists and job ids a submitting run recorded. */
    private Map<Task, String> recorded(List<Task> tasks, Listener listener) {
        Map<String, String> arrays = new HashMap<>();
        Map<String, Integer> per = new HashMap<>();
        try {
            for (String l : Files.readAllLines(dir.resolve("job-ids.txt"))) {
                String[] parts = l.trim().split("\\s+");
                if (parts.length >= 2) {
                    arrays.put(parts[0], parts[1]);
                    per.put(parts[0], parts.length > 2 ? Integer.parseInt(parts[2]) : 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--attach: no job ids recorded in " + dir.resolve("job-ids.txt")
                    + "; fix: submit the batch first (without --attach)", e);
        }
        Map<String, String> byKey = new HashMap<>();
        for (Map.Entry<String, String> a : arrays.entrySet()) {
            Path list = tasksFile(a.getKey());
            if (!Files.exists(list)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(list);
                for (int i = 0; i < lines.size(); i++) {
                    byKey.put(lines.get(i).split("\t")[0] + "\t" + a.getKey(), a.getValue() + "_" + i / per.get(a.getKey()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + list + ": " + e.getMessage(), e);
            }
        }
        Map<Task, String> ids = new LinkedHashMap<>();
        for (Task t : tasks) {
            String id = byKey.get(t.student() + "\t" + t.part());
            if (id == null) {
                listener.started(t);
                listener.finished(t, "not in the Slurm batch recorded in " + dir + " (added or changed since it was "
                        + "submitted); the next run of parakit batch grades it");
            } else {
                ids.put(t, id);
            }
        }
        return ids;
    }

    /** Polls until every task has a result or has left the queue without one. */
    private void follow(Map<Task, String> ids, Listener listener) throws InterruptedException {
        String jobs = ids.values().stream().map(id -> id.substring(0, id.indexOf('_'))).distinct()
                .collect(Collectors.joining(","));
        Set<Task> started = new HashSet<>();
        Set<Task> missing = new HashSet<>(); // left the queue without a result at the previous poll
        Map<Task, String> open = new LinkedHashMap<>(ids);
        long lastAnswer = System.nanoTime();
        while (!open.isEmpty()) {
            Map<String, String> queue = squeue(jobs);
            if (queue == null) {
                if (System.nanoTime() - lastAnswer > SCHEDULER_SILENCE.toNanos()) {
                    for (Task t : open.keySet()) {
                        listener.finished(t, "squeue did not answer for " + SCHEDULER_SILENCE.toMinutes()
                                + " minutes; the task's state is unknown (see " + dir.resolve("logs") + ")");
                    }
                    return;
                }
                Thread.sleep(1000);
                continue; // the controller did not answer this time: ask again, do not guess
            }
            lastAnswer = System.nanoTime();
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Task t = e.getKey();
                String state = queue.get(e.getValue());
                if (state != null && !state.equals("PENDING") && started.add(t)) {
                    listener.started(t);
                }
                boolean done = Files.exists(t.result());
                if (done || state == null) {
                    // A task that just left the queue may still be renaming its result into place (or a shared file
                    // system may show it late): give it one more poll before calling it failed.
                    if (!done && missing.add(t)) {
                        continue;
                    }
                    if (started.add(t)) {
                        listener.started(t);
                    }
                    it.remove();
                    listener.finished(t, done ? null : failure(e.getValue(), t.student()));
                }
            }
            if (!open.isEmpty()) {
                Thread.sleep(1000);
            }
        }
    }

    /**
     * Why a grading ended without a result: the Slurm state of its array task and the last line the grader logged
     * about this student (or, failing that, the last line of the script's own).
     */
    private String failure(String jobTaskId, String student) {
        String state = "state unknown";
        for (String l : lines(List.of("scontrol", "-o", "show", "job", jobTaskId))) {
            Matcher m = Pattern.compile("JobState=(\\S+)(?:.*?Reason=(\\S+))?").matcher(l);
            if (m.find()) {
                state = "state " + m.group(1) + (m.group(2) != null && !m.group(2).equals("None") ? ", " + m.group(2) : "");
                break;
            }
        }
        String said = "";
        String[] idx = jobTaskId.split("_");
        try (var logs = Files.list(dir.resolve("logs"))) {
            Path log = logs.filter(p -> p.getFileName().toString().endsWith("-" + idx[0] + "_" + idx[1] + ".out"))
                    .findFirst().orElse(null);
            if (log != null) {
                List<String> lines = Files.readAllLines(log);
                String about = " " + student + " failed: ";
                said = lines.stream().filter(l -> l.startsWith("parakit: task ") && l.contains(about))
                        .reduce((a, b) -> b)
                        .or(() -> lines.stream().filter(l -> (l.startsWith("parakit:") && !l.startsWith("parakit: task "))
                                || l.contains("CANCELLED")).reduce((a, b) -> b))
                        .map(l -> ": " + l.trim()).orElse("");
            }
        } catch (IOException | UncheckedIOException e) {
            // no log: the state says enough
        }
        return "Slurm task " + jobTaskId + " ended without a result (" + state + ")" + said + "; log in " + dir.resolve("logs");
    }

    /** Array task id ("123_4") → state, for the jobs still known to the controller; null when squeue failed. */
    private static Map<String, String> squeue(String jobs) {
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-r", "-j", jobs, "-o", "%i %T").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0) {
                // Jobs older than MinJobAge are forgotten: squeue then refuses their ids. None of them is queued.
                return text.contains("Invalid job id") ? Map.of() : null;
            }
            Map<String, String> states = new HashMap<>();
            text.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> {
                String[] parts = l.split("\\s+");
                if (parts.length == 2) {
                    states.put(parts[0], parts[1]);
                }
            });
            return states;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Submissions per array task: {@link Settings#dedicatedPerTask()} for the dedicated array, 1 otherwise. */
    private int perTask(String part) {
        int least = part.equals(Task.DEDICATED) ? s.dedicatedPerTask() : 1;
        return Math.max(least, packing.getOrDefault(part, least));
    }

    /**
     * The site's limits as its commands say them; {@link ClusterLimits#UNKNOWN} where they cannot be asked. Each
     * command gets {@link #ASK_LIMIT}: a controller that does not answer (a cluster that is down) costs seconds, not
     * the commands' own retries, and the submission that follows says what is wrong.
     */
    static ClusterLimits askLimits() {
        try {
            String user = System.getProperty("user.name");
            return ClusterLimits.parse(lines(List.of("scontrol", "show", "config")),
                    lines(List.of("sacctmgr", "-nP", "show", "assoc", "where", "user=" + user, "format=MaxSubmit")),
                    lines(List.of("squeue", "-h", "-r", "-u", user, "-o", "%i")));
        } catch (UncheckedIOException e) {
            return ClusterLimits.UNKNOWN;
        }
    }

    /** {@code sbatch --test-only}: fails with Slurm's reason when the script would be refused. */
    private static void testOnly(Path script) {
        try {
            Process p = new ProcessBuilder("sbatch", "--test-only", script.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return; // a slow controller: the real submission will say what is wrong, if anything
            }
            if (p.exitValue() != 0) {
                throw new UncheckedIOException(new IOException("Slurm would refuse " + script + ": " + text
                        + "; fix: check the partition, account, QoS, --time and --mem options against the site's limits"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run sbatch: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path tasksFile(String part) {
        return dir.resolve("tasks-" + part + ".tsv");
    }

    private Path script(String part) {
        return dir.resolve("grade-" + part + ".sbatch");
    }

    private String gradeScript(String part, int n) {
        boolean exclusive = part.equals(Task.DEDICATED);
        int graderHeap = Math.max(128, s.memMegabytes() / 4);
        Map<String, String> v = common("parakit-grade-" + part, exclusive ? (s.dedicatedCpus() <= 0 ? "#SBATCH --exclusive"
                : "#SBATCH --hint=nomultithread") : s.oversubscribe() ? "#SBATCH --oversubscribe" : null);
        v.put("SCRIPT", quote(script(part).toString()));
        v.put("TASKS", quote(tasksFile(part).toString()));
        int per = perTask(part);
        v.put("PER_TASK", String.valueOf(per));
        v.put("LAST_INDEX", String.valueOf((n + per - 1) / per - 1));
        v.put("GRADER_JVM_OPTIONS", String.join(" ", GRADER_JVM_OPTIONS));
        // The backstop for all the task's gradings together: each its limit, and a minute for the JVM around them.
        v.put("TASK_LIMIT_SECONDS", String.valueOf(per * limit.toSeconds() + 60));
        v.put("THROTTLE", s.throttle() > 0 ? "%" + s.throttle() : "");
        boolean wholeNode = exclusive && s.dedicatedCpus() <= 0;
        v.put("CPUS", String.valueOf(exclusive && !wholeNode ? s.dedicatedCpus() : s.cpusPerTask()));
        v.put("MEM_MB", String.valueOf(s.memMegabytes()));
        // --time is per grading: a task that packs several (beyond what its part packs anyway) gets theirs together.
        int least = part.equals(Task.DEDICATED) ? Math.max(1, s.dedicatedPerTask()) : 1;
        v.put("TIME_MINUTES", String.valueOf(s.timeMinutes() * ((per + least - 1) / least)));
        v.put("CPUS_EXPR", wholeNode ? "\"${SLURM_CPUS_ON_NODE:-$SLURM_CPUS_PER_TASK}\"" : "\"$SLURM_CPUS_PER_TASK\"");
        v.put("LIMIT_SECONDS", String.valueOf(limit.toSeconds()));
        v.put("GRADER_HEAP_MB", String.valueOf(graderHeap));
        v.put("TEST_HEAP_MB", String.valueOf(graderHeap));
        return render("grade-task.sbatch", v);
    }

    private String aggregateScript() {
        Map<String, String> v = common("parakit-aggregate", null);
        v.put("BATCH_ARGUMENTS", aggregateArguments.stream().map(SlurmBackend::quote).collect(Collectors.joining(" ")));
        return render("aggregate.sbatch", v);
    }

    /**
     * Values every template uses: job name, logs, optional directives, set-up line, java, class path.
     *
     * @param sharing the directive that decides whether the job shares its cores, or null
     */
    private Map<String, String> common(String jobName, String sharing) {
        Map<String, String> v = new HashMap<>();
        v.put("JOB_NAME", jobName);
        v.put("LOGS", dir.resolve("logs").toString());
        StringBuilder extra = new StringBuilder();
        if (sharing != null) {
            extra.append(sharing).append('\n');
        }
        optional(extra, "partition", s.partition());
        optional(extra, "account", s.account());
        optional(extra, "qos", s.qos());
        v.put("EXTRA_DIRECTIVES", extra.toString().strip());
        v.put("TASK_SETUP", s.taskSetup() == null ? "" : s.taskSetup());
        v.put("JAVA", quote(s.java()));
        v.put("CLASSPATH", quote(System.getProperty("java.class.path")));
        return v;
    }

    /** The template {@code slurm/templates/<name>} with every {@code @@KEY@@} replaced; a missing key is a bug. */
    static String render(String name, Map<String, String> values) {
        String template;
        try (InputStream in = SlurmBackend.class.getResourceAsStream("/parakit/slurm/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the grader jar lacks the Slurm template " + name
                        + " (slurm/templates/" + name + "); rebuild the grader");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for " + m.group() + " in slurm/templates/" + name);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
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
        String id = out.isEmpty() ? "" : out.getLast().trim().split(";")[0];
        if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
            throw new UncheckedIOException(new IOException("sbatch did not submit " + script + ": " + String.join(" ", out)
                    + "; fix: check the partition, account and QoS options, or submit the script by hand to see why"));
        }
        return id;
    }

    /** How long one command asking for the site's limits may take before its answer counts as none. */
    private static final Duration ASK_LIMIT = Duration.ofSeconds(5);

    /** The non-blank lines a command printed within {@link #ASK_LIMIT}; none if it took longer (it is killed). */
    private static List<String> lines(List<String> command) {
        Path out = null;
        try {
            // Output to a file, not a pipe: reading a pipe would wait for the command however long it takes.
            out = Files.createTempFile("parakit-slurm-ask", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(ASK_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return Files.readString(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
