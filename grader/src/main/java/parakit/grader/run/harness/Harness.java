package parakit.grader.run.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import parakit.support.InMemoryClassLoader;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.FilterResult;

/**
 * Runs graded test classes inside the isolated test JVM and reports through the signed result channel.
 *
 * <p>Protocol: the grader writes one JSON request on standard input ({@code token}, {@code results} file,
 * {@code classes} with their per-test {@code timeoutSeconds}, {@code run}: the ids of the tests to run (the others of
 * those classes are not run: already graded, or not asked for), {@code code}:
 * binary class name to base64 class file, for the classes under test and the graded tests) and closes it. Reading it before any student class loads keeps the token away from student code; standard
 * input is then replaced by an empty stream.
 *
 * <p>Hardening, each with its reason:
 * <ul>
 *   <li>a watchdog thread (not JUnit's timeout) enforces the per-test limit, because a spinning student
 *       thread cannot be interrupted: it writes a thread dump naming deadlocks and halts the JVM; the grader
 *       then grades the remaining tests in a fresh one;</li>
 *   <li>after each test class, threads the tests left alive make the JVM "dirty": it halts, so that a
 *       leaked thread cannot slow or break the next question's timing;</li>
 *   <li>it ends with {@code Runtime.halt}, so non-daemon student threads and shutdown hooks cannot keep the
 *       JVM alive or print after the results.</li>
 * </ul>
 */
public final class Harness {

    private static final int MAX_MESSAGE = 2000;
    private static final int MAX_DUMP = 6000;

    /** Holds the classes under test and the graded tests (see {@link #main}). */
    private static InMemoryClassLoader loader;

    private final Records records;
    private final FileChannel out;
    private final Set<Long> baseline = new HashSet<>();
    private final Watchdog watchdog = new Watchdog();
    /**
     * Exceptions that ended threads during the current test. Why: a worker that dies of an exception (an
     * {@code IllegalMonitorStateException}, a stub's TODO) usually makes the test fail later on a check, and the
     * student must see the exception first, not a hint about the check.
     */
    private final List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Harness(Records records, FileChannel out) {
        this.records = records;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        JsonNode request = Records.JSON.readTree(readAll(System.in));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        // The classes under test and the graded tests arrive in the request, never through a class path folder:
        // what runs is exactly what the grader checked, and nothing in this JVM can read a test's bytes back.
        Map<String, byte[]> code = new HashMap<>();
        request.get("code").properties().forEach(e -> code.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
        loader = new InMemoryClassLoader(code, Harness.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Records records = new Records(request.get("token").asText());
        FileChannel channel = FileChannel.open(Path.of(request.get("results").asText()),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        Harness harness = new Harness(records, channel);
        Set<String> run = new HashSet<>();
        request.get("run").forEach(n -> run.add(n.asText()));
        List<JsonNode> classes = new ArrayList<>();
        request.get("classes").forEach(classes::add);
        int exit = harness.runAll(classes, run);
        halt(exit);
    }

    private int runAll(List<JsonNode> classes, Set<String> run) {
        Thread.getAllStackTraces().keySet().forEach(t -> baseline.add(t.threadId()));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (uncaught.size() < 100) {
                uncaught.add(e);
            }
        });
        watchdog.start();
        write(Records.record(Records.HELLO).put("pid", ProcessHandle.current().pid()));
        // Only the Jupiter engine, and nothing registered through META-INF/services: a listener, engine,
        // interceptor or filter found on a class path would run inside the grading with the harness's trust.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build());
        PrintStream stdout = System.out;
        for (int i = 0; i < classes.size(); i++) {
            String className = classes.get(i).get("name").asText();
            int timeout = classes.get(i).get("timeoutSeconds").asInt();
            Class<?> testClass;
            try {
                testClass = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                write(Records.record(Records.CLASS_FAILED).put("class", className)
                        .put("message", Failures.describe(e, MAX_MESSAGE)));
                continue;
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(testClass))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                    .filters((PostDiscoveryFilter) d -> FilterResult.includedIf(
                            d.getSource().filter(MethodSource.class::isInstance)
                                    .map(s -> run.contains(testId((MethodSource) s))).orElse(true)))
                    .configurationParameter("junit.jupiter.execution.timeout.mode", "disabled")
                    .build();
            launcher.execute(request, new Listener(className, timeout));
            System.setOut(stdout);
            List<Thread> leftovers = leftovers();
            if (!leftovers.isEmpty()) {
                writeDirty(className, leftovers); // started by the class's own set-up or tear-down
                return 0;
            }
        }
        dumpCoverage(); // before END: the grader ends the JVM as soon as it reads END
        write(Records.record(Records.END));
        return 0;
    }

    /** Reports that {@code where} (a test or a class) left these threads running; the JVM ends after it. */
    private void writeDirty(String where, List<Thread> leftovers) {
        write(Records.record(Records.DIRTY).put("class", where)
                .put("threads", leftovers.stream().map(t -> t.getName() + " (" + t.getState() + ")")
                        .limit(10).collect(Collectors.joining(", "))));
    }

    /** Threads started since the harness began that are still alive after a one-second grace. */
    private List<Thread> leftovers() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        List<Thread> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !baseline.contains(t.threadId()) && t != watchdog && t.isAlive())
                    .filter(t -> !t.getName().startsWith("junit-"))
                    .filter(t -> !isJdkHelper(t))
                    .toList();
            if (alive.isEmpty()) {
                return alive;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
        } while (System.nanoTime() - deadline < 0);
        return alive;
    }

    /**
     * Daemon threads that the JDK starts on demand and keeps: the process reaper (after ProcessBuilder), the
     * virtual-thread scheduler's carriers and unblocker, the common pool's workers (parallel streams). They
     * are not the student's leftovers, and recycling the JVM for them would only cost time.
     */
    private static boolean isJdkHelper(Thread t) {
        String n = t.getName();
        // JDK 25 names the reaper "process reaper (pid N)"; earlier JDKs "process reaper".
        return t.isDaemon() && (n.startsWith("process reaper") || n.equals("VirtualThread-unblocker")
                || n.startsWith("ForkJoinPool-") || n.startsWith("ForkJoinPool.commonPool-worker-")
                || n.startsWith("InnocuousThread-") || n.equals("Common-Cleaner") || n.equals("Attach Listener"));
    }

    private synchronized void write(ObjectNode record) {
        try {
            byte[] line = (records.sign(record) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(java.nio.ByteBuffer.wrap(line));
            out.force(false);
        } catch (IOException e) {
            // The channel is the only way results reach the grader; without it, end the run: the grader
            // reports every unreported test as not run, never as passed.
            halt(90);
        }
    }

    static String testId(MethodSource source) {
        String cls = source.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + source.getMethodName();
    }

    private final class Listener implements TestExecutionListener {
        private final String className;
        private final int timeoutSeconds;
        private long started;

        Listener(String className, int timeoutSeconds) {
            this.className = className;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                String id = id(test);
                started = System.nanoTime();
                uncaught.clear();
                write(Records.record(Records.START).put("test", id));
                watchdog.arm(id, timeoutSeconds);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            if (test.isTest()) {
                write(Records.record(Records.FINISH).put("test", id(test)).put("status", "NOT_RUN")
                        .put("message", "skipped: " + reason).put("millis", 0));
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                watchdog.disarm();
                long millis = (System.nanoTime() - started) / 1_000_000;
                // ABORTED: the test ended without a verdict (parakit.grader.api.Inconclusive); the scorer decides
                // whether the question may end so.
                List<Throwable> others = List.copyOf(uncaught);
                String status = switch (result.getStatus()) {
                    case SUCCESSFUL -> others.isEmpty() ? "PASSED" : "FAILED";
                    case ABORTED -> "INCONCLUSIVE";
                    case FAILED -> "FAILED";
                };
                ObjectNode r = Records.record(Records.FINISH).put("test", id(test))
                        .put("status", status).put("millis", millis);
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL && !others.isEmpty()) {
                    // The checks held, but a thread ended with an exception nobody caught during the test: a thread
                    // of the code under test died (an index off by one, a wait that was never meant to throw). That
                    // is a failure of the code, whatever the checks saw.
                    Throwable first = others.getFirst();
                    String text = "the test's checks held, but a thread of the code under test ended with an exception "
                            + "that nobody caught: " + Failures.describe(first, MAX_MESSAGE)
                            + (others.size() > 1 ? " (and " + (others.size() - 1) + " more)" : "");
                    r.put("message", text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + " ..." : text);
                    r.put("failure", Failures.kind(first, others));
                }
                result.getThrowable().ifPresent(t -> {
                    if (status.equals("INCONCLUSIVE")) {
                        r.put("message", t.getMessage() == null ? "" : t.getMessage()
                                .substring(0, Math.min(t.getMessage().length(), MAX_MESSAGE)));
                    } else {
                        r.put("message", Failures.describe(t, others, MAX_MESSAGE));
                        r.put("failure", Failures.kind(t, others));
                    }
                });
                write(r);
                // A test that leaves threads running (a pool never shut down, ten thousand sleepers) would burden
                // every test after it in this JVM: end the JVM now, so that the grader runs the rest in a fresh one.
                List<Thread> leftovers = leftovers();
                if (!leftovers.isEmpty()) {
                    writeDirty(id(test), leftovers);
                    halt(0);
                }
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                    && test.getSource().isPresent()) {
                // A class-level failure (static initialiser, @BeforeAll, a missing student class): every test
                // of the class that did not report is failed with this message.
                write(Records.record(Records.CLASS_FAILED).put("class", className)
                        .put("message", result.getThrowable().map(t -> Failures.describe(t, MAX_MESSAGE)).orElse("failed")));
            }
        }

        private String id(TestIdentifier test) {
            return test.getSource().filter(MethodSource.class::isInstance).map(s -> testId((MethodSource) s))
                    .orElse(test.getDisplayName());
        }
    }

    /** Enforces the per-test limit from a thread of its own, whatever the test threads do. */
    private final class Watchdog extends Thread {
        private volatile String test;
        private volatile long deadline;
        private volatile int seconds;

        Watchdog() {
            super("parakit-watchdog");
            setDaemon(true);
            setPriority(MAX_PRIORITY);
        }

        void arm(String id, int timeoutSeconds) {
            seconds = timeoutSeconds;
            deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            test = id;
        }

        void disarm() {
            test = null;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    // Student code can interrupt every thread it sees (Thread.getAllStackTraces): the watchdog goes on.
                    continue;
                }
                String current = test;
                if (current != null && System.nanoTime() - deadline > 0) {
                    write(Records.record(Records.TIMEOUT).put("test", current)
                            .put("message", "did not finish within " + seconds + " s. " + dump()));
                    halt(98);
                }
            }
        }

        private String dump() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            StringBuilder b = new StringBuilder();
            long[] deadlocked = mx.findDeadlockedThreads();
            if (deadlocked != null) {
                b.append("DEADLOCK: ");
                for (ThreadInfo i : mx.getThreadInfo(deadlocked)) {
                    if (i != null) {
                        b.append(i.getThreadName()).append(" waits for ").append(i.getLockName())
                                .append(" held by ").append(i.getLockOwnerName()).append("; ");
                    }
                }
                b.append('\n');
            }
            b.append("Threads at the time limit:\n");
            int shown = 0;
            for (ThreadInfo i : mx.dumpAllThreads(true, true)) {
                boolean own = !baseline.contains(i.getThreadId()) || i.getThreadName().equals("main");
                if (!own || i.getThreadId() == threadId() || shown >= 12) {
                    continue;
                }
                shown++;
                b.append("  ").append(i.getThreadName()).append(' ').append(i.getThreadState());
                if (i.getLockName() != null) {
                    b.append(" on ").append(i.getLockName());
                    if (i.getLockOwnerName() != null) {
                        b.append(" owned by ").append(i.getLockOwnerName());
                    }
                }
                b.append('\n');
                StackTraceElement[] stack = i.getStackTrace();
                for (int f = 0; f < Math.min(6, stack.length); f++) {
                    b.append("      at ").append(stack[f]).append('\n');
                }
            }
            return b.length() > MAX_DUMP ? b.substring(0, MAX_DUMP) + "\n  ..." : b.toString();
        }
    }

    /**
     * Ends the JVM at once: shutdown hooks and non-daemon threads of the code under test cannot delay it or print
     * after the results. Under the kit's coverage gate ({@code -Dparakit.coverage=true}) the JaCoCo agent's data is
     * written first, since a halt skips the agent's own shutdown hook.
     */
    static void halt(int code) {
        dumpCoverage();
        Runtime.getRuntime().halt(code);
    }

    /** Writes the JaCoCo agent's data now, under the kit's coverage gate only (see {@link #halt}). */
    private static void dumpCoverage() {
        if (Boolean.getBoolean("parakit.coverage")) {
            try {
                Object agent = Class.forName("org.jacoco.agent.rt.RT", true, ClassLoader.getSystemClassLoader())
                        .getMethod("getAgent").invoke(null);
                agent.getClass().getMethod("dump", boolean.class).invoke(agent, false);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // No agent: nothing to write.
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
