package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.multiprocessing.PrintLock.Launcher;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.WordsChild;

/**
 * Hidden tests for Q3. Every printer runs inside {@link Started}, the test's wrapper, which says {@code STARTED}
 * (an empty file in a folder of its own) just before it calls the student's {@code Printer.main}; the test then
 * paces each printer's parts with cue lines on its standard input and reads the shared output file. Where a
 * printer must be seen to wait for the lock, the test holds the lock itself (this JVM's FileLock on the same
 * file), or a printer holds it mid-line, and the other printer is given its cue: a printer that does not wait
 * for the lock writes its part at once, within the test's window; one that waits cannot write at all.
 */
@Question(section = "multiprocessing", number = 3, title = "A lock between processes", timeoutSeconds = 30)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.ProcessBuilder$Redirect", "java.lang.Process",
        "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.File", "java.nio.file.Path", "java.nio.file.StandardOpenOption", "java.nio.file.OpenOption",
        "java.nio.channels.FileChannel", "java.nio.channels.FileLock",
        "java.nio.channels.spi.AbstractInterruptibleChannel", "java.lang.System#in"},
        why = "the parent starts printer JVMs with their output appended to a file; each printer locks a shared "
                + "lock file with a FileLock and reads its cues from standard input")
@Requires(type = FileChannel.class, method = "lock", in = "PrintLock",
        why = "the printer must take a FileLock on the lock file with FileChannel.lock, which waits for it")
class PrintLockHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    private static final Duration PATIENCE = Duration.ofMillis(2_500);

    /** How long a printer that does not wait for the lock has to show it: it writes at once. */
    private static final long WINDOW_MILLIS = 500;

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** The child's side: says STARTED, then runs the student's printer. */
    static final class Started {
        public static void main(String[] args) throws Exception {
            WordsChild.sayStarted();
            PrintLock.Printer.main(args);
        }
    }

    @TempDir
    Path dir;

    private Path lockFile;

    private Path output;

    private Set<Long> before;

    private final List<WordsChild> kids = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        before = Children.snapshot();
        lockFile = dir.resolve("print.lock");
        output = dir.resolve("output.txt");
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** Starts the student's printer inside {@link Started}; sends {@code cues} cue lines at once. */
    private Launcher launcher(int cues) {
        return (builder, main, args) -> {
            Path words = Files.createDirectory(dir.resolve("printer-" + kids.size()));
            WordsChild kid = WordsChild.start(builder.redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.INHERIT), Started.class, JVM, words, args);
            kids.add(kid);
            for (int i = 0; i < cues; i++) {
                kid.cue();
            }
            return kid.process();
        };
    }

    private CompletableFuture<Void> printAll(Launcher launcher, Path lock, List<List<String>> lines) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofPlatform().name("printAll-caller").daemon(true).start(() -> {
            try {
                PrintLock.printAll(launcher, lock, output, lines);
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

    private String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the output is {@code expected} (or fails, showing what it is). */
    private void awaitOutput(String expected, String what) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!output().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(output()).as(what).isEqualTo(expected);
    }

    /** Waits until {@code n} printers have started (or the call is over, or the patience runs out). */
    private void awaitStarted(int n, CompletableFuture<?> call) throws Exception {
        WordsChild.awaitStarted(kids, n, call, PATIENCE);
        if (call.isDone()) {
            get(call, "printAll");
        }
        assertThat(kids.stream().filter(WordsChild::started).count())
                .as("printers running at the same time (every printer is started before any is waited for)")
                .isEqualTo(n);
    }

    /** Whether the output stays {@code expected} for the window (a printer not waiting for the lock writes at once). */
    private boolean staysFor(String expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        while (System.nanoTime() < end) {
            if (!output().equals(expected)) {
                return false;
            }
            Thread.sleep(5);
        }
        return output().equals(expected);
    }

    @Test
    @Points(4)
    @Hint(value = "A printer must hold the file lock for its whole line, taken with FileChannel.lock on the one "
            + "lock file all printers share, and write nothing before it holds it: another process holding that "
            + "lock makes it wait. See the lesson's Q3.", when = "held the lock")
    @Hint(value = "Every printer must be started before the parent waits for any of them, and the parent must "
            + "wait for every printer to end. See the lesson's Q1 and Q3.", when = "printers")
    @Hint(value = "A printer releases the lock once its line is out, so the next one can print, and every line "
            + "comes out whole, once. See the lesson's Q3.")
    void aPrinterWritesNothingWhileAnotherProcessHoldsTheLock() throws Exception {
        List<List<String>> lines = List.of(List.of("tan", "go"), List.of("fox", "trot"));
        CompletableFuture<Void> call;
        try (FileChannel held = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = held.lock()) {
            call = printAll(launcher(0), lockFile, lines);
            awaitStarted(2, call);
            kids.forEach(WordsChild::cue);
            assertThat(staysFor("")).as("output stayed empty for %d ms while the test's JVM held the lock and "
                    + "each printer had its first cue (a printer wrote while another process held the lock)",
                    WINDOW_MILLIS).isTrue();
            assertThat(call.isDone()).as("printAll returned while its printers were still running (printers "
                    + "waited for)").isFalse();
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (output().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        String first = output();
        assertThat(first).as("output once the test released the lock (one printer's first part)")
                .isIn("tan", "fox");
        int x = first.equals("tan") ? 0 : 1;
        WordsChild holder = kids.get(x);
        WordsChild other = kids.get(1 - x);
        other.cue();
        assertThat(staysFor(first)).as("output stayed '%s' for %d ms while that printer held the lock mid-line "
                + "and the other printer had its second cue (a printer wrote while another held the lock)",
                first, WINDOW_MILLIS).isTrue();
        holder.cue();
        get(call, "printAll of two printers");
        String second = String.join("", lines.get(1 - x));
        assertThat(output()).as("output of the two printers: each line whole, one after the other")
                .isEqualTo(String.join("", lines.get(x)) + System.lineSeparator() + second + System.lineSeparator());
        try (FileChannel probe = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock free = probe.tryLock()) {
            assertThat(free).as("the lock file's lock once printAll returned (released)").isNotNull();
        }
        assertThat(Children.leftRunning(before, Duration.ZERO)).as("printers still running when printAll returned")
                .isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "Without a lock the printers must not lock anything, and each part must be written (and flushed) "
            + "on its own, right after its cue, so that the parts of two lines can mix: that is what the lock is "
            + "for. See the lesson's Q3.")
    void withoutALockThePartsOfTwoLinesMixAsCued() throws Exception {
        List<List<String>> lines = List.of(List.of("fox", "trot"), List.of("ten", "go"));
        CompletableFuture<Void> call;
        try (FileChannel held = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = held.lock()) {
            call = printAll(launcher(0), null, lines);
            awaitStarted(2, call);
            String nl = System.lineSeparator();
            kids.get(0).cue();
            awaitOutput("fox", "output after the first printer's first cue");
            kids.get(1).cue();
            awaitOutput("foxten", "output after the second printer's first cue");
            kids.get(0).cue();
            awaitOutput("foxtentrot" + nl, "output after the first printer's second cue");
            kids.get(1).cue();
            awaitOutput("foxtentrot" + nl + "go" + nl, "output after the second printer's second cue");
            get(call, "printAll of two printers without a lock");
        }
        assertThat(kids.get(0).args()).as("arguments of a printer without a lock").containsExactly("-", "fox", "trot");
    }

    @Test
    @Hint("No lines, no printers; one line of one part is that part and a line separator. See the lesson's Q3.")
    void noLinesStartNoPrinterAndOnePartIsALine() throws Exception {
        get(printAll(launcher(1), lockFile, List.of()), "printAll of no lines");
        assertThat(kids).as("printers started for no lines").isEmpty();
        Files.writeString(output, "before" + System.lineSeparator());
        get(printAll(launcher(1), lockFile, List.of(List.of("10"))), "printAll of one line");
        assertThat(output()).as("output file that held one line, after printAll([[10]]) appended to it")
                .isEqualTo("before" + System.lineSeparator() + "10" + System.lineSeparator());
        assertThat(kids.getFirst().args()).as("arguments of the printer").containsExactly(lockFile.toString(), "10");
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupted parent throws InterruptedException, and a printer that cannot be started is an "
            + "IOException; either way the printers already started must not run on with nobody waiting for "
            + "them: end them first. See the lesson's Q1 on interrupts.")
    void anInterruptOrAFailedStartEndsThePrintersStarted() throws Exception {
        try (FileChannel held = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = held.lock()) {
            Launcher plain = launcher(1);
            Launcher failsSecond = (builder, main, args) -> {
                if (kids.size() == 1) {
                    throw new IOException("the test's launcher refuses a second printer");
                }
                return plain.start(builder, main, args);
            };
            CompletableFuture<Void> failed = printAll(failsSecond, lockFile, List.of(List.of("a"), List.of("b")));
            Exception thrown = null;
            try {
                get(failed, "printAll whose second printer cannot be started");
            } catch (IOException e) {
                thrown = e;
            }
            assertThat(thrown).as("what printAll threw when its second printer could not be started").isNotNull();
            assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                    .as("printers still running after printAll failed to start one").isEmpty();

            CompletableFuture<Void> interrupted = new CompletableFuture<>();
            Thread caller = Thread.ofPlatform().name("printAll-caller").daemon(true).start(() -> {
                try {
                    PrintLock.printAll(launcher(1), lockFile, output, List.of(List.of("c")));
                    interrupted.complete(null);
                } catch (Throwable t) {
                    interrupted.completeExceptionally(t);
                }
            });
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (caller.getState() != Thread.State.WAITING && !interrupted.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            caller.interrupt();
            thrown = null;
            try {
                get(interrupted, "an interrupted printAll");
            } catch (InterruptedException e) {
                thrown = e;
            }
            assertThat(thrown).as("what printAll threw when interrupted while it waited").isNotNull();
            assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                    .as("printers still running after printAll was interrupted").isEmpty();
        }
        assertThat(output()).as("output of printers that never got the lock").isEmpty();
    }
}
