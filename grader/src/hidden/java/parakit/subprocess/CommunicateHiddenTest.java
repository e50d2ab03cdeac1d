package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import parakit.subprocess.Communicate.Result;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q4. 8 MB go each way through {@code cat -}: a solution that writes everything before it reads
 * deadlocks on the two full pipes, so every call runs on a helper thread with a bounded wait, after which the
 * {@code cat} is killed (which ends the blocked write) and the test fails with a message.
 */
@Question(section = "subprocess", number = 4, title = "Writing to and reading from a process (communicate)")
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter"},
        why = "the subprocess questions start processes and read and write their standard streams")
@Requires(type = ProcessBuilder.class, method = "start", in = "Communicate.communicate",
        why = "Communicate.communicate must start the command with a ProcessBuilder")
@Requires(type = ProcessBuilder.class, method = "start", in = "Communicate.send",
        why = "Communicate.send must start the command with a ProcessBuilder")
class CommunicateHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    private static final int EIGHT_MB = 8 << 20;

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + (i >>> 13));
        }
        return b;
    }

    private int send(List<String> command, byte[] input) throws Exception {
        return Children.within(LIMIT, before, "Communicate.send(" + command + ", " + input.length + " bytes)",
                () -> Communicate.send(command, input));
    }

    private Result communicate(List<String> command, byte[] input) throws Exception {
        return Children.within(LIMIT, before, "Communicate.communicate(" + command + ", " + input.length + " bytes)",
                () -> Communicate.communicate(command, input));
    }

    @Test
    @Points(2)
    @Hint(value = "send must deliver every byte and then close the command's standard input: a program that "
            + "reads to the end of its input waits for ever while the pipe is open. See the lesson's Q4, one way.",
            when = "did not return")
    @Hint(value = "The command must get every byte of the input, unchanged. See the lesson's Q4, one way.")
    void sendDeliversEveryByteAndClosesTheInput(@TempDir Path dir) throws Exception {
        byte[] input = bytes(EIGHT_MB);
        Path same = Files.write(dir.resolve("same.bin"), input);
        // cmp -s - FILE exits 0 if its standard input, read to its end, equals FILE, and 1 if not.
        assertThat(send(List.of("cmp", "-s", "-", same.toString()), input))
                .as("exit code of cmp comparing the 8 MB sent with the same 8 MB in a file").isZero();
        byte[] other = input.clone();
        other[other.length - 1] ^= 1;
        assertThat(send(List.of("cmp", "-s", "-", same.toString()), other))
                .as("exit code of cmp comparing 8 MB sent with a file whose last byte differs").isEqualTo(1);
        assertThat(send(List.of("cmp", "-s", "-", Files.write(dir.resolve("empty"), new byte[0]).toString()),
                new byte[0])).as("exit code of cmp comparing no input with an empty file").isZero();
    }

    @Test
    @Hint("What goes in comes out of cat - unchanged. See the lesson's Q4, both ways.")
    void communicatePassesBytesThroughCat() throws Exception {
        byte[] msg = "through stdin to stdout".getBytes(StandardCharsets.UTF_8);
        Result r = communicate(List.of("cat", "-"), msg);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).as("stdout of cat - given 'through stdin to stdout'")
                .isEqualTo("through stdin to stdout");
        assertThat(r.exitCode()).as("exit code of cat -").isZero();
        Result empty = communicate(List.of("cat", "-"), new byte[0]);
        assertThat(empty.stdout()).as("stdout of cat - given no input").isEmpty();
        assertThat(empty.exitCode()).as("exit code of cat - given no input").isZero();
    }

    @Test
    @Points(3)
    @Hint(value = "cat - writes its output while it reads its input: when nobody reads its output, the output pipe "
            + "fills, cat stops reading, the input pipe fills, and a caller that writes everything before reading "
            + "waits for ever. Writing and reading must go on at the same time. See the lesson's Q4 on deadlocks.",
            when = "did not return")
    @Hint(value = "All of the output, unchanged, must come back. See the lesson's Q4.")
    void eightMegabytesEachWayDoNotDeadlock() throws Exception {
        byte[] input = bytes(EIGHT_MB);
        Result r = communicate(List.of("cat", "-"), input);
        assertThat(r.stdout().length).as("bytes in stdout of cat - given 8 MB").isEqualTo(input.length);
        assertThat(r.stdout()).as("stdout of cat - given 8 MB (compared byte by byte)").isEqualTo(input);
        assertThat(r.exitCode()).as("exit code of cat - given 8 MB").isZero();
    }

    @Test
    @Points(2)
    @Hint(value = "A command may end without reading its input: the write then fails (a broken pipe), and that is "
            + "not an error of the caller's, as Python's communicate treats it. See the lesson's Q4.",
            on = {Hint.Failure.ASSERTION, Hint.Failure.TIMEOUT, Hint.Failure.EXCEPTION})
    void aCommandThatReadsNoInputIsNotAnError() throws Exception {
        byte[] input = bytes(1 << 20);
        assertThat(send(List.of("true"), input)).as("exit code of send(true, 1 MB)").isZero();
        Result r = communicate(List.of("false"), input);
        assertThat(r.exitCode()).as("exit code of communicate(false, 1 MB)").isEqualTo(1);
        assertThat(r.stdout()).as("stdout of communicate(false, 1 MB)").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "Every process and every thread communicate starts must have ended when it returns: a pool of "
            + "writer threads that is never shut down keeps its threads. See the lesson's Q4.", when = "left running")
    @Hint("send and communicate must work from any thread: a daemon, a renamed thread, a virtual thread. See the "
            + "lesson's Q4.")
    void nothingIsLeftRunningWhateverTheCaller() throws Exception {
        byte[] input = bytes(300_000);
        for (Caller caller : Callers.all()) {
            ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
            Result r = caller.call(LIMIT, () -> Communicate.communicate(List.of("cat", "-"), input));
            assertThat(r.stdout()).as("stdout of cat - given 300 KB from a %s", caller.describe()).isEqualTo(input);
            assertThat(caller.call(LIMIT, () -> Communicate.send(List.of("cat", "-"), input)))
                    .as("exit code of send(cat -, 300 KB) from a %s", caller.describe()).isZero();
            assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                    .as("processes left running after communicate and send from a %s", caller.describe()).isEmpty();
            assertThat(Children.withoutVirtualThreadMachinery(ThreadLeaks.leftRunning(threads, Duration.ofMillis(500))))
                    .as("threads left running after communicate from a %s", caller.describe()).isEmpty();
        }
    }
}
