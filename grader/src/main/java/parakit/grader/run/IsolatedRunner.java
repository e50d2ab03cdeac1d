package parakit.grader.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import parakit.grader.question.Question;
import parakit.grader.run.harness.Harness;
import parakit.grader.run.harness.Records;

/**
 * Runs graded tests in JVMs separate from the grader's, and survives whatever the student code does.
 *
 * <p>Questions with equal {@code jvmArgs} share a JVM. A JVM that ends early (a test past its time limit, a
 * crash, an exit, threads left behind) is replaced by a fresh one that runs only the tests not yet graded,
 * so one bad test never costs the others. After every JVM the whole process group is killed.
 *
 * <p>Results arrive only through the signed channel of {@link Records}; a test without a valid result record
 * is never a pass.
 */
public final class IsolatedRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Grace past the per-test limit before the grader, not the harness, kills an unresponsive JVM. */
    private static final long GRACE_NANOS = Duration.ofSeconds(10).toNanos();
    /** A JVM that has not said hello by then is not going to. */
    private static final long STARTUP_NANOS = Duration.ofSeconds(60).toNanos();
    /** Test JVMs that run at the same time (see {@link #run}). */
    private static final int PARALLEL_JVMS = 3;
    /** Pause before a dedicated-cores question whose check could not measure runs once more. */
    private static final Duration INCONCLUSIVE_PAUSE = Duration.ofSeconds(2);
    /** Longest line the harness writes (messages and dumps are capped well below it). */
    private static final int MAX_LINE = 64 * 1024;
    /** Notes kept per grading: more would only repeat what the first say. */
    private static final int MAX_NOTES = 40;
    /** Shards a group of questions is split into, each with test JVMs of its own. */
    private static final int SHARDS_PER_GROUP = 2;

    /** Class files of graded test classes, by test class, read once per grader JVM. */
    private static final Map<String, Map<String, byte[]>> TEST_CODE = new java.util.concurrent.ConcurrentHashMap<>();

    private final RunSettings settings;
    private final List<String> classpath;
    /** The classes under test, read once before any test JVM starts: every JVM of this run gets these bytes. */
    private Map<String, byte[]> studentCode = Map.of();

    public IsolatedRunner(RunSettings settings) {
        this.settings = settings;
        this.classpath = HarnessClasspath.entries();
    }

    /**
     * Outcomes of every test of {@code questions}, keyed by test id, plus notes on the run and where each group
     * of questions ran.
     */
    public record RunResult(Map<String, Outcome> outcomes, List<String> notes, Duration duration, int jvms,
                            List<Environment> environments) {
    }

    /**
     * Runs the questions in test JVMs. First the ordinary questions, at the same time: questions with equal
     * {@code jvmArgs} form a group, each group is split into {@link #SHARDS_PER_GROUP} shards, and up to
     * {@link #PARALLEL_JVMS} shards run at once. Why in parallel: most of a grading's time is tests waiting
     * (sleeps, timed waits, child JVMs), not computing, and those tests are written to hold on a loaded machine
     * (ratios with wide margins, ordering by thread states), so overlapping them cuts the latency; the
     * flakiness benchmark (grader/bench/flakiness.sh) checks that this stays true under two CPU hogs.
     *
     * <p>Then the questions with {@link Question#dedicatedCores()}, one test JVM at a time with nothing else of
     * this grading running: their speedup checks measure how CPU-bound code uses the cores, which another
     * test JVM beside them would falsify.
     */
    public RunResult run(Path studentClasses, List<Question> questions, Path work) {
        long begin = System.nanoTime();
        studentCode = ClassBytes.inFolder(studentClasses);
        Map<String, Outcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        if (!Sandbox.enabled()) {
            notes.add("WARNING: " + Sandbox.status());
        }
        AtomicInteger jvms = new AtomicInteger();
        List<Question> shared = questions.stream().filter(q -> !q.dedicatedCores()).toList();
        List<Question> dedicated = questions.stream().filter(Question::dedicatedCores).toList();
        List<Environment> environments = new ArrayList<>();
        if (!shared.isEmpty()) {
            runTogether(studentClasses, shared, work, outcomes, notes, jvms, begin);
            environments.add(Environment.current(shared.stream().map(Question::id).toList(), settings, false));
        }
        for (Question q : dedicated) {
            runGroup(studentClasses, q.jvmArgs(), List.of(q), work, outcomes, notes, jvms, begin);
            if (inconclusive(q, outcomes)) {
                // The machine did not give the speedup check its cores (another program was busy): measure once
                // more, a moment later, in a fresh JVM. A second "no verdict" stands and is reported as such.
                notes.add(q.id() + ": a speedup check could not measure (the machine was busy); it ran once more");
                try {
                    Thread.sleep(INCONCLUSIVE_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                runGroup(studentClasses, q.jvmArgs(), List.of(q), work, outcomes, notes, jvms, begin);
            }
        }
        if (!dedicated.isEmpty()) {
            environments.add(Environment.current(dedicated.stream().map(Question::id).toList(), settings, true));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        synchronized (outcomes) {
            ordered.putAll(outcomes);
        }
        return new RunResult(ordered, capped(notes), Duration.ofNanos(System.nanoTime() - begin), jvms.get(),
                environments);
    }

    /** The notes without repeats, at most {@link #MAX_NOTES}, each at most 2,000 characters, with what was cut. */
    static List<String> capped(List<String> notes) {
        List<String> distinct;
        synchronized (notes) {
            distinct = new ArrayList<>(new LinkedHashSet<>(notes));
        }
        List<String> kept = new ArrayList<>();
        for (String n : distinct.subList(0, Math.min(MAX_NOTES, distinct.size()))) {
            kept.add(n.length() > 2000 ? n.substring(0, 2000) + " ... (cut)" : n);
        }
        if (distinct.size() > MAX_NOTES) {
            kept.add((distinct.size() - MAX_NOTES) + " more note(s) were cut");
        }
        return List.copyOf(kept);
    }

    private static boolean inconclusive(Question q, Map<String, Outcome> outcomes) {
        return q.tests().stream().map(t -> outcomes.get(t.id()))
                .anyMatch(o -> o != null && o.status() == Outcome.Status.INCONCLUSIVE);
    }

    /** The shards of {@code questions}, up to {@link #PARALLEL_JVMS} at once; returns when all have ended. */
    private void runTogether(Path studentClasses, List<Question> questions, Path work, Map<String, Outcome> outcomes,
                             List<String> notes, AtomicInteger jvms, long begin) {
        Map<List<String>, List<Question>> groups = new LinkedHashMap<>();
        for (Question q : questions) {
            groups.computeIfAbsent(q.jvmArgs(), k -> new ArrayList<>()).add(q);
        }
        Semaphore slots = new Semaphore(PARALLEL_JVMS);
        List<Thread> runners = new ArrayList<>();
        for (Map.Entry<List<String>, List<Question>> group : groups.entrySet()) {
            for (List<Question> shard : shards(group.getValue())) {
                runners.add(Thread.ofPlatform().name("shard-" + runners.size()).start(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        runGroup(studentClasses, group.getKey(), shard, work, outcomes, notes, jvms, begin);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Thread t : runners) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /**
     * Splits a group's questions into up to {@link #SHARDS_PER_GROUP} shards, round-robin in question order
     * (neighbouring questions often have similar costs), each run by test JVMs of its own.
     */
    static List<List<Question>> shards(List<Question> group) {
        int n = Math.min(SHARDS_PER_GROUP, group.size());
        List<List<Question>> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(new ArrayList<>());
        }
        for (int i = 0; i < group.size(); i++) {
            shards.get(i % n).add(group.get(i));
        }
        return shards;
    }

    private void runGroup(Path studentClasses, List<String> jvmArgs, List<Question> group, Path work,
                          Map<String, Outcome> outcomes, List<String> notes, AtomicInteger jvms, long begin) {
        Set<String> pending = Collections.synchronizedSet(new LinkedHashSet<>());
        group.forEach(q -> q.tests().forEach(t -> pending.add(t.id())));
        int attempts = pending.size() + 2;
        while (!pending.isEmpty() && attempts-- > 0) {
            if (System.nanoTime() - begin > settings.runTimeout().toNanos()) {
                break;
            }
            int index = jvms.incrementAndGet();
            int before = pending.size();
            Jvm jvm = new Jvm(studentClasses, jvmArgs, group, pending, outcomes, notes, work, index, begin);
            jvm.run();
            if (pending.size() == before) {
                // No progress at all: the JVM cannot start or dies at once. Say so on every pending test.
                String why = jvm.failure();
                synchronized (pending) {
                    pending.forEach(id -> outcomes.put(id, new Outcome(id, Outcome.Status.NOT_RUN, why, Duration.ZERO)));
                    pending.clear();
                }
            }
        }
        synchronized (pending) {
            for (String id : pending) {
                outcomes.put(id, new Outcome(id, Outcome.Status.NOT_RUN,
                        "not run: the whole grading run reached its limit of " + settings.runTimeout().toSeconds() + " s",
                        Duration.ZERO));
            }
        }
    }

    /** One test JVM: start, feed the request, follow the result records, kill the group. */
    private final class Jvm {
        private final Path studentClasses;
        private final List<String> jvmArgs;
        private final List<Question> questions;
        private final Set<String> pending;
        private final Map<String, Outcome> outcomes;
        private final List<String> notes;
        private final Path dir;
        private final long runBegin;
        private final Records records;
        private final String token;
        private String current;
        private long currentStart;
        private boolean hello;
        private boolean ended;
        /** A test started whose verdict no longer counts ({@link RunSettings#stopAtFirstFailure()}): end this JVM. */
        private boolean stopped;
        private String failure = "the test JVM did not start";
        /** Lines of the channel that were not valid records: written by the code under test, or damaged. */
        private int forged;

        Jvm(Path studentClasses, List<String> jvmArgs, List<Question> questions, Set<String> pending,
            Map<String, Outcome> outcomes, List<String> notes, Path work, int n, long runBegin) {
            this.studentClasses = studentClasses;
            this.jvmArgs = jvmArgs;
            this.questions = questions;
            this.pending = pending;
            this.outcomes = outcomes;
            this.notes = notes;
            this.runBegin = runBegin;
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            this.token = HexFormat.of().formatHex(secret);
            this.records = new Records(token);
            this.dir = work.resolve("jvm-" + n + "-" + HexFormat.of().formatHex(secret, 0, 6));
        }

        String failure() {
            return failure;
        }

        void run() {
            try (Sandbox.Lease lease = Sandbox.enabled() ? Sandbox.lease() : null) {
                run(lease);
            }
        }

        private void run(Sandbox.Lease lease) {
            Path results;
            Process process;
            BoundedOutput output;
            try {
                Files.createDirectories(dir);
                Path cwd = Files.createDirectories(dir.resolve("cwd"));
                results = Files.createFile(dir.resolve("r-" + token.substring(0, 16) + ".log"));
                List<String> command = new ArrayList<>();
                command.add(settings.java().toString());
                command.add("-Xmx" + settings.heapMegabytes() + "m");
                command.add("-XX:+UseSerialGC");
                command.add("-Xss512k");
                command.add("-Djava.awt.headless=true");
                command.add("-Dfile.encoding=UTF-8");
                command.add("-XX:-UsePerfData");
                if (questions.stream().noneMatch(Question::dedicatedCores)) {
                    // C1 only: a test JVM lives seconds and its tests mostly wait, so C2's compiler threads cost
                    // CPU (about 15 % of a grading on 2 cores) that gradings beside it need, and buy nothing.
                    // Speedup checks keep the full JIT: they measure code as it runs in production.
                    command.add("-XX:TieredStopAtLevel=1");
                }
                if (settings.processors() > 0) {
                    command.add("-XX:ActiveProcessorCount=" + settings.processors());
                }
                RunSettings.Coverage coverage = settings.coverage();
                command.addAll(JvmConfinement.options(coverage != null));
                if (coverage != null) {
                    command.add("-Dparakit.coverage=true");
                    command.add("-javaagent:" + coverage.agentJar().toAbsolutePath() + "=destfile="
                            + dir.resolve("cwd/jacoco.exec").toAbsolutePath() + ",includes=parakit.*,excludes=parakit.grader.*,inclnolocationclasses=true");
                }
                command.addAll(jvmArgs);
                command.add("-cp");
                // The harness and its libraries only: the classes under test and the tests come in the request.
                command.add(String.join(java.io.File.pathSeparator, classpath));
                command.add(Harness.class.getName());
                if (lease != null) {
                    // OS level: own namespaces, own root, own user (see Sandbox); the results file is the JVM's to write.
                    // Memory of the whole run: the heap plus what a JVM needs beside it (metaspace, code, stacks, the
                    // private /tmp), generous so that only a run far past its heap meets it.
                    long memory = (settings.heapMegabytes() + 768L) << 20;
                    command = Sandbox.wrap(lease.uid(), dir, command, settings.coverage() == null ? List.of()
                            : List.of(settings.coverage().agentJar()), memory);
                    Sandbox.chown(results, lease.uid());
                }
                process = new ProcessBuilder(ProcessTree.inOwnGroup(command)).directory(cwd.toFile())
                        .redirectErrorStream(true).start();
                output = new BoundedOutput(process.getInputStream());
                output.start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(request(results).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                failure = "the test JVM could not be started: " + e.getMessage();
                return;
            }
            try {
                follow(process, results, output);
            } finally {
                List<Long> survivors = ProcessTree.kill(process);
                if (!survivors.isEmpty()) {
                    notes.add("processes " + survivors + " of a test JVM survived the kill");
                }
                try {
                    output.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (output.total() > 1024 * 1024) {
                    notes.add("the code under test printed " + output.total() / (1024 * 1024)
                            + " MiB; only the first and last kilobytes were kept");
                }
            }
            if (settings.coverage() != null) {
                collectCoverage();
            }
            if (forged > 0) {
                notes.add("ignored " + forged + " forged or damaged line(s) in a test JVM's results channel: the code "
                        + "under test tried to write results itself; only the harness's signed records count");
            }
            if (current != null && pending.contains(current) && !stopped) {
                String exit = process.isAlive() ? "killed" : "exit code " + process.exitValue();
                put(current, Outcome.Status.CRASHED, "the test JVM ended during this test (" + exit + "). Last output:\n"
                        + lastLines(output.text(), 15), Duration.ofNanos(System.nanoTime() - currentStart));
            } else if (!hello) {
                failure = "the test JVM ended before running any test (" + (process.isAlive() ? "killed" : "exit code "
                        + process.exitValue()) + "). Output:\n" + lastLines(output.text(), 20);
            } else if (!ended && current == null) {
                // It started (said hello) and then ended without starting a test: the class set-up of the code under
                // test ended it (an exit, a crash in a static initializer), not a failure to start.
                failure = "the test JVM started, then ended before it reported any test of this group ("
                        + (process.isAlive() ? "killed" : "exit code " + process.exitValue()) + "). Output:\n"
                        + lastLines(output.text(), 20);
            } else if (ended) {
                // The harness ran every selected test; any still pending were not reported: fail them.
                new ArrayList<>(pending).forEach(id -> put(id, Outcome.Status.FAILED,
                        "this test did not run (its class could not be set up)", Duration.ZERO));
            }
        }

        private void follow(Process process, Path results, BoundedOutput output) {
            long started = System.nanoTime();
            try (RandomAccessFile in = new RandomAccessFile(results.toFile(), "r")) {
                StringBuilder partial = new StringBuilder();
                while (true) {
                    boolean alive = process.isAlive();
                    readRecords(in, partial);
                    if (!alive || ended || stopped) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (!hello && now - started > STARTUP_NANOS) {
                        failure = "the test JVM did not start within " + STARTUP_NANOS / 1_000_000_000L + " s";
                        return;
                    }
                    if (current != null && now - currentStart > timeoutNanos(current) + GRACE_NANOS) {
                        put(current, Outcome.Status.TIMEOUT, "did not finish within " + timeoutNanos(current) / 1_000_000_000L
                                + " s, and the test JVM stopped responding (no thread dump could be taken)",
                                Duration.ofNanos(now - currentStart));
                        current = null;
                        return;
                    }
                    if (now - runBegin > settings.runTimeout().toNanos()) {
                        if (current != null) {
                            put(current, Outcome.Status.TIMEOUT, "stopped when the whole grading run reached its limit of "
                                    + settings.runTimeout().toSeconds() + " s", Duration.ofNanos(now - currentStart));
                            current = null;
                        }
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Keeps this JVM's coverage data (written by the agent when the JVM ended) in the coverage folder. */
        private void collectCoverage() {
            Path exec = dir.resolve("cwd/jacoco.exec");
            try {
                if (Files.exists(exec)) {
                    Files.createDirectories(settings.coverage().outputFolder());
                    Files.copy(exec, settings.coverage().outputFolder().resolve(dir.getFileName() + ".exec"));
                }
            } catch (IOException e) {
                notes.add("coverage data of a test JVM could not be kept: " + e.getMessage());
            }
        }

        /**
         * Reads what the channel holds since the last call, verifies and handles each complete line. Linear in the
         * bytes read (one pass, one compaction per call), and bounded: a line longer than {@link #MAX_LINE} cannot
         * be the harness's (its messages are capped) and is dropped as damaged, and damaged or forged lines are only
         * counted, for one note at the end.
         */
        private void readRecords(RandomAccessFile in, StringBuilder partial) throws IOException {
            long available = in.length() - in.getFilePointer();
            if (available <= 0) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(available, 1 << 20)];
            in.readFully(bytes);
            partial.append(new String(bytes, StandardCharsets.UTF_8));
            int from = 0;
            int nl;
            while ((nl = partial.indexOf("\n", from)) >= 0) {
                String line = partial.substring(from, nl);
                from = nl + 1;
                Optional<ObjectNode> record = line.length() > MAX_LINE ? Optional.empty() : records.verify(line);
                if (record.isEmpty()) {
                    forged++;
                    continue;
                }
                handle(record.get());
            }
            partial.delete(0, from);
            if (partial.length() > MAX_LINE) {
                forged++;
                partial.setLength(0);
            }
        }

        private void handle(ObjectNode r) {
            String type = r.get("type").asText();
            switch (type) {
                case Records.HELLO -> hello = true;
                case Records.START -> {
                    current = r.get("test").asText();
                    currentStart = System.nanoTime();
                    if (!pending.contains(current)) {
                        // A test of a question stopped at its first failure: end this JVM, the tests still pending
                        // run in a fresh one (cheaper than waiting for tests whose verdict no longer counts).
                        stopped = true;
                    }
                }
                case Records.FINISH -> {
                    String id = r.get("test").asText();
                    Outcome.Status status = Outcome.Status.valueOf(r.get("status").asText());
                    Question.Failure failure = r.hasNonNull("failure")
                            ? Question.Failure.valueOf(r.get("failure").asText()) : null;
                    put(id, status, r.has("message") ? r.get("message").asText() : "",
                            Duration.ofMillis(r.get("millis").asLong()), failure);
                    current = null;
                }
                case Records.TIMEOUT -> {
                    String id = r.get("test").asText();
                    put(id, Outcome.Status.TIMEOUT, r.get("message").asText(), Duration.ofNanos(System.nanoTime() - currentStart));
                    current = null;
                }
                case Records.CLASS_FAILED -> {
                    String cls = r.get("class").asText();
                    String simple = cls.substring(cls.lastIndexOf('.') + 1) + ".";
                    for (String id : new ArrayList<>(pending)) {
                        if (id.startsWith(simple)) {
                            put(id, Outcome.Status.FAILED, r.get("message").asText(), Duration.ZERO);
                        }
                    }
                }
                case Records.DIRTY -> notes.add(r.get("class").asText() + " left threads running ("
                        + r.get("threads").asText() + "); the tests after it ran in a fresh JVM");
                case Records.END -> ended = true;
                default -> notes.add("unknown record type " + type);
            }
        }

        private void put(String id, Outcome.Status status, String message, Duration duration) {
            put(id, status, message, duration, status == Outcome.Status.TIMEOUT ? Question.Failure.TIMEOUT : null);
        }

        private void put(String id, Outcome.Status status, String message, Duration duration, Question.Failure failure) {
            if (pending.remove(id)) {
                outcomes.put(id, new Outcome(id, status, message, duration, failure));
                if (settings.stopAtFirstFailure() && status != Outcome.Status.PASSED
                        && status != Outcome.Status.INCONCLUSIVE) {
                    questionOf(id).ifPresent(q -> q.tests().forEach(t -> {
                        if (pending.remove(t.id())) {
                            outcomes.put(t.id(), new Outcome(t.id(), Outcome.Status.NOT_RUN,
                                    "not run: the grading stopped this question at its first failure (" + id + ")",
                                    Duration.ZERO));
                        }
                    }));
                }
            }
        }

        private long timeoutNanos(String testId) {
            return questionOf(testId).map(q -> limitSeconds(q) * 1_000_000_000L)
                    .orElse(settings.testTimeout() != null ? settings.testTimeout().toNanos() : 10_000_000_000L);
        }

        private Optional<Question> questionOf(String testId) {
            return questions.stream().filter(q -> q.tests().stream().anyMatch(t -> t.id().equals(testId))).findFirst();
        }

        private String request(Path results) {
            ObjectNode req = JSON.createObjectNode();
            req.put("token", token);
            req.put("results", results.toString());
            ArrayNode classes = req.putArray("classes");
            for (Question q : questions) {
                if (q.tests().stream().noneMatch(t -> pending.contains(t.id()))) {
                    continue;
                }
                int seconds = limitSeconds(q);
                for (String c : q.testClasses()) {
                    classes.addObject().put("name", c).put("timeoutSeconds", seconds);
                }
            }
            ObjectNode code = req.putObject("code");
            java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
            studentCode.forEach((name, bytes) -> code.put(name, base64.encodeToString(bytes)));
            for (Question q : questions) {
                for (String c : q.testClasses()) {
                    TEST_CODE.computeIfAbsent(c, ClassBytes::ofTestClass)
                            .forEach((name, bytes) -> code.put(name, base64.encodeToString(bytes)));
                }
            }
            // Only what is still to grade: tests of an earlier JVM, of a question stopped at its first failure, and
            // tests of these classes that the question does not list (a partial question) do not run.
            ArrayNode run = req.putArray("run");
            questions.forEach(q -> q.tests().forEach(t -> {
                if (pending.contains(t.id())) {
                    run.add(t.id());
                }
            }));
            return req.toString();
        }
    }

    /**
     * The per-test limit of {@code q}'s tests: the run's override if set, else the question's own. A speedup check
     * ({@link Question#dedicatedCores()}) keeps its own limit when the override is shorter: its rounds are bounded
     * by the test itself, and cutting them short on a busy machine would turn "could not measure" into a failure.
     */
    private int limitSeconds(Question q) {
        if (settings.testTimeout() == null) {
            return q.timeoutSeconds();
        }
        int override = (int) settings.testTimeout().toSeconds();
        return q.dedicatedCores() ? Math.max(override, q.timeoutSeconds()) : override;
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        StringBuilder b = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            String l = lines[i];
            b.append("  ").append(l.length() > 300 ? l.substring(0, 300) + " ..." : l).append('\n');
        }
        return b.length() == 0 ? "  (none)" : b.toString();
    }
}
