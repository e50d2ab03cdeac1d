package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.subprocess.CaptureOutput.Completed;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q3. Each call runs on a helper thread with a bounded wait (a deadlock on two full pipes never
 * ends by itself); what a call leaves running is killed after each test.
 */
@Question(section = "subprocess", number = 3, title = "Capturing standard output and standard error")
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter"},
        why = "the subprocess questions start processes and read and write their standard streams")
@Requires(type = ProcessBuilder.class, method = "start", in = "CaptureOutput.run",
        why = "CaptureOutput.run must start the command with a ProcessBuilder")
class CaptureOutputHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(3);

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private Completed run(List<String> command) throws Exception {
        return Children.within(LIMIT, before, "CaptureOutput.run(" + Children.shown(command) + ")",
                () -> CaptureOutput.run(command));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @Points(2)
    @Hint(value = "Standard output and standard error are two streams, captured each on its own: what the command "
            + "writes to one must not appear in the other. See the lesson's Q3.")
    void stdoutAndStderrAreCapturedSeparately(@TempDir Path dir) throws Exception {
        Path here = Files.writeString(dir.resolve("here.txt"), "x");
        String missing = dir.resolve("not-here").toString();
        Completed ls = run(List.of("ls", "-d", here.toString(), missing));
        assertThat(text(ls.stdout())).as("stdout of ls -d on an existing and a missing file")
                .isEqualTo(here + "\n");
        assertThat(text(ls.stderr())).as("stderr of ls -d on an existing and a missing file")
                .contains(missing).doesNotContain("here.txt");
        assertThat(ls.exitCode()).as("exit code of ls -d on an existing and a missing file").isEqualTo(2);
        assertThat(ls.command()).as("command in the result").containsExactly("ls", "-d", here.toString(), missing);
    }

    @Test
    @Points(2)
    @Hint(value = "The output is bytes, and the result holds every byte unchanged: decoding it as text, or reading "
            + "it line by line, changes bytes that are not text and the line ends. See the lesson's Q3.")
    void everyByteComesBackUnchanged(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + i / 256); // every byte value, no line structure, no final newline
        }
        Path file = Files.write(dir.resolve("bytes.bin"), bytes);
        Completed cat = run(List.of("cat", file.toString()));
        assertThat(cat.stdout().length).as("bytes in stdout of cat on a 70 000-byte file").isEqualTo(bytes.length);
        assertThat(cat.stdout()).as("stdout of cat on a binary file (compared byte by byte)").isEqualTo(bytes);
        assertThat(cat.stderr()).as("stderr of cat on an existing file").isEmpty();
        Completed empty = run(List.of("true"));
        assertThat(empty.stdout()).as("stdout of true").isEmpty();
        assertThat(empty.summary()).as("summary of true").contains("0 bytes in stdout");
    }

    @Test
    @Points(3)
    @Hint(value = "A command can fill both pipes: reading one to its end before the other waits for ever when the "
            + "command is stuck writing to the other. Both must be read at the same time. See the lesson's Q3 on "
            + "two streams and one thread.", when = "did not return")
    void bothStreamsFullAtOnceDoNotDeadlock(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            text.append("CaptureOutput hidden test: line ").append(i).append('\n');
        }
        Path big = Files.writeString(dir.resolve("big.txt"), text); // about 100 KB, more than a pipe holds
        List<String> command = new ArrayList<>(List.of("cat", big.toString()));
        int missing = 2_000; // about 150 KB of errors between the two copies of the file
        for (int i = 0; i < missing; i++) {
            command.add(dir.resolve("missing-%05d".formatted(i)).toString());
        }
        command.add(big.toString());
        Completed cat = run(command);
        long size = Files.size(big);
        assertThat(cat.stdout().length).as("bytes in stdout of cat big, %d missing files, big", missing)
                .isEqualTo(2 * size);
        assertThat(text(cat.stderr()).lines().filter(l -> l.contains("missing-")).count())
                .as("lines in stderr of cat big, %d missing files, big", missing).isEqualTo(missing);
        assertThat(cat.exitCode()).as("exit code of cat with missing files").isEqualTo(1);
    }

    @Test
    @Hint(value = "The command's standard input must be empty: a pipe to it stays open until someone closes it, "
            + "and a program that reads its input waits for more until then. See the lesson's Q3 on standard "
            + "input.", when = "did not return")
    void theStandardInputIsEmpty() throws Exception {
        Completed cat = run(List.of("cat"));
        assertThat(cat.exitCode()).as("exit code of cat reading its standard input").isZero();
        assertThat(cat.stdout()).as("stdout of cat reading an empty standard input").isEmpty();
    }

    @Test
    @Hint(value = "The result keeps its own copy of the command: see the lesson's Q3.")
    void theResultKeepsItsOwnCommand() throws Exception {
        List<String> command = new ArrayList<>(List.of("false"));
        Completed no = run(command);
        command.set(0, "changed");
        assertThat(no.command()).as("command in the result after the caller changed its list")
                .containsExactly("false");
        assertThat(no.exitCode()).as("exit code of false").isEqualTo(1);
        assertThatThrownBy(() -> no.command().add("x")).as("adding to the result's command()")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @Hint(value = "A program that cannot be started is an IOException. See the lesson's Q3.",
            on = {Hint.Failure.ASSERTION})
    void aMissingProgramIsAnIOException() throws Exception {
        IOException thrown = null;
        try {
            run(List.of("parakit-no-such-program"));
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("the IOException of run of a program that does not exist").isNotNull();
    }

    @Test
    @Points(2)
    @Hint(value = "Every process and every thread run starts must have ended when it returns: a pool of reader "
            + "threads that is never shut down keeps its threads. See the lesson's Q3.", when = "left running")
    @Hint(value = "run must work from any thread: a daemon, a renamed thread, a virtual thread. See the lesson's "
            + "Q3.")
    void nothingIsLeftRunningWhateverTheCaller(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "hello\n");
        for (Caller caller : Callers.all()) {
            ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
            Completed cat = caller.call(LIMIT, () -> CaptureOutput.run(List.of("cat", file.toString())));
            assertThat(text(cat.stdout())).as("stdout of cat from a %s", caller.describe()).isEqualTo("hello\n");
            assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                    .as("processes left running after run from a %s", caller.describe()).isEmpty();
            assertThat(Children.withoutVirtualThreadMachinery(ThreadLeaks.leftRunning(threads, Duration.ofMillis(500))))
                    .as("threads left running after run from a %s", caller.describe()).isEmpty();
        }
    }
}
