package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.multiprocessing.ProcessLogging.Launcher;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.WordsChild;

/**
 * Hidden tests for Q4. Every logger runs inside {@link Started}, the test's wrapper, which says {@code STARTED}
 * (an empty file in a folder of its own) before it calls the student's {@code Logger.main}; the test then cues
 * each record (a line on the logger's standard input) and waits until that record is in the log file, so the
 * records of two processes alternate exactly as the test decides: a logger that does not append, or keeps its
 * records in a buffer, shows it every run.
 */
@Question(section = "multiprocessing", number = 4, title = "Logging from several processes", timeoutSeconds = 30)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.lang.System#in", "java.nio.file.Files", "java.nio.file.Path", "java.nio.file.StandardOpenOption",
        "java.nio.file.OpenOption", "java.nio.channels.FileChannel", "java.nio.ByteBuffer",
        "java.nio.channels.spi.AbstractInterruptibleChannel"},
        why = "the parent starts logger JVMs and waits for them; each logger appends its records to the log file")
@Requires(type = ProcessHandle.class, method = "pid", in = "ProcessLogging",
        why = "a record names the process that logged it by its pid, ProcessHandle.current().pid()")
class ProcessLoggingHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    private static final Duration PATIENCE = Duration.ofMillis(2_500);

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** The child's side: says STARTED, then runs the student's logger. */
    static final class Started {
        public static void main(String[] args) throws Exception {
            WordsChild.sayStarted();
            ProcessLogging.Logger.main(args);
        }
    }

    /** Record {@code i} as the logger {@code kid} logs it. */
    private static String record(WordsChild kid, int i) {
        return "[INFO/" + kid.args().get(1) + " " + kid.pid() + "] record " + i;
    }

    @TempDir
    Path dir;

    private Path log;

    private Set<Long> before;

    private final List<WordsChild> kids = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        before = Children.snapshot();
        log = dir.resolve("processes.log");
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private Launcher launcher() {
        return (builder, main, args) -> {
            Path words = Files.createDirectory(dir.resolve("logger-" + kids.size()));
            WordsChild kid = WordsChild.start(builder.redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.INHERIT), Started.class, JVM, words, args);
            kids.add(kid);
            return kid.process();
        };
    }

    private CompletableFuture<Void> logAll(List<String> names, int count, Thread[] caller) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        caller[0] = Thread.ofPlatform().name("logAll-caller").daemon(true).start(() -> {
            try {
                ProcessLogging.logAll(launcher(), log, names, count);
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static void get(CompletableFuture<?> f, String what) throws Exception {
        Children.result(f, LIMIT, what);
    }

    private List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private void awaitStarted(int n, CompletableFuture<?> call) throws Exception {
        WordsChild.awaitStarted(kids, n, call, PATIENCE);
        if (call.isDone()) {
            get(call, "logAll");
        }
        assertThat(kids.stream().filter(WordsChild::started).count())
                .as("loggers running at the same time (every logger is started before any is waited for)")
                .isEqualTo(n);
    }

    @Test
    @Points(4)
    @Hint(value = "Each record must be in the log file as soon as it was logged, at the end of the file, whole and "
            + "with the pid and name of the process that logged it, and no record of another process may be "
            + "lost. See the lesson's Q4 on appending whole lines.",
            when = "record")
    @Hint(value = "Every logger must be started before the parent waits for any of them, and the parent must "
            + "wait for every logger to end. See the lesson's Q1 and Q4.", when = "loggers")
    void theRecordsOfTwoProcessesAreAllThereWholeAndAttributed() throws Exception {
        Thread[] caller = new Thread[1];
        CompletableFuture<Void> call = logAll(List.of("Process-1", "second logger"), 3, caller);
        awaitStarted(2, call);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (WordsChild kid : kids) {
                if (i == 2 && kid == kids.getLast()) {
                    assertThat(call.isDone()).as("logAll returned while its loggers were still running (loggers "
                            + "waited for)").isFalse();
                }
                kid.cue();
                String record = record(kid, i);
                expected.add(record);
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!lines().contains(record) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(lines()).as("log file once record %d of %s was cued", i, kid.args().get(1))
                        .contains(record);
            }
        }
        get(call, "logAll of two loggers");
        assertThat(lines()).as("every record of both loggers, each once, whole, in the order they were cued")
                .containsExactlyElementsOf(expected);
        assertThat(Children.leftRunning(before, Duration.ZERO)).as("loggers still running when logAll returned")
                .isEmpty();
    }

    @Test
    @Points(2)
    @Hint("A record is one whole line appended at the end of the file, with this process's pid; the file is "
            + "created if needed, and what it held stays. See the lesson's Q4.")
    void aRecordIsOneLineAppendedToTheFile() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcessLogging.log(log, "MainProcess", "first");
        assertThat(lines()).as("a new log file after one record").containsExactly("[INFO/MainProcess " + pid + "] first");
        ProcessLogging.log(log, "Main Process", "second record");
        assertThat(lines()).as("the log file after a second record")
                .containsExactly("[INFO/MainProcess " + pid + "] first", "[INFO/Main Process " + pid + "] second record");
        assertThat(Files.readString(log)).as("end of the log file (a line separator after the last record)")
                .endsWith("second record" + System.lineSeparator());
    }

    @Test
    @Hint("Records logged by several threads at once are all there, each whole. See the lesson's Q4.")
    void threadsLoggingAtOnceLoseNoRecord() throws Exception {
        int threads = 4;
        int each = 100;
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> loggers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "thread-" + t;
            loggers.add(Thread.ofPlatform().name(name).start(() -> {
                try {
                    gate.await();
                    for (int i = 0; i < each; i++) {
                        ProcessLogging.log(log, name, "record " + i);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        gate.countDown();
        Await.joined(LIMIT, loggers.toArray(Thread[]::new));
        assertThat(failures).as("what log threw in threads logging at once").isEmpty();
        List<String> lines = lines();
        assertThat(lines).as("records logged by %d threads, %d each", threads, each).hasSize(threads * each)
                .doesNotHaveDuplicates()
                .allMatch(l -> l.matches("\\[INFO/thread-\\d \\d+\\] record \\d+"), "each a whole record");
    }

    @Test
    @Hint("A message is one line: a line break in it would make two records of one. See the lesson's Q4.")
    void aMessageWithALineBreakIsRejected() throws Exception {
        for (String message : List.of("two\nlines", "carriage\rreturn", "\nat the start", "\rat the start")) {
            Class<?> thrown = null;
            try {
                ProcessLogging.log(log, "MainProcess", message);
            } catch (IllegalArgumentException e) {
                thrown = e.getClass();
            }
            assertThat(thrown).as("what log threw for a message with a line break").isEqualTo(IllegalArgumentException.class);
        }
        assertThat(lines()).as("log file after two rejected messages").isEmpty();
    }

    @Test
    @Hint("No names start no logger, and a logger with no records logs nothing. See the lesson's Q4.")
    void noNamesStartNoLoggerAndZeroRecordsLogNothing() throws Exception {
        Thread[] caller = new Thread[1];
        get(logAll(List.of(), 3, caller), "logAll of no names");
        assertThat(kids).as("loggers started for no names").isEmpty();
        get(logAll(List.of("idle"), 0, caller), "logAll of one logger with no records");
        assertThat(kids).as("loggers started for one name").hasSize(1);
        assertThat(kids.getFirst().args()).as("arguments of the logger").containsExactly(log.toString(), "idle", "0");
        assertThat(lines()).as("log file after a logger with no records").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupted parent throws InterruptedException, and its loggers must not run on with nobody "
            + "waiting for them: end them first. See the lesson's Q1 on interrupts.")
    void anInterruptedLogAllEndsItsLoggers() throws Exception {
        Thread[] caller = new Thread[1];
        CompletableFuture<Void> call = logAll(List.of("held"), 1, caller);
        awaitStarted(1, call);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (caller[0].getState() != Thread.State.WAITING && !call.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        caller[0].interrupt();
        Exception thrown = null;
        try {
            get(call, "an interrupted logAll");
        } catch (InterruptedException e) {
            thrown = e;
        }
        assertThat(thrown).as("what logAll threw when interrupted while it waited").isNotNull();
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("loggers still running after logAll was interrupted").isEmpty();
    }
}
