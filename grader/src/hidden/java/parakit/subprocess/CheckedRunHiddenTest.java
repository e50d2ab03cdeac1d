package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import parakit.subprocess.CheckedRun.CalledProcessException;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q2. Each call runs on a helper thread with a bounded wait (a child blocked on a full error
 * pipe never ends by itself); what a call leaves running is killed after each test.
 */
@Question(section = "subprocess", number = 2, title = "A checked run: a failing command is an exception")
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter"},
        why = "the subprocess questions start processes and read and write their standard streams")
@Requires(type = ProcessBuilder.class, method = "start", in = "CheckedRun.run",
        why = "CheckedRun.run must start the command with a ProcessBuilder")
class CheckedRunHiddenTest {

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

    private void run(List<String> command) throws Exception {
        Children.within(LIMIT, before, "CheckedRun.run(" + Children.shown(command) + ")", () -> {
            CheckedRun.run(command);
            return null;
        });
    }

    /** What run threw: a CalledProcessException (anything else, a time-out included, goes on as it is). */
    private CalledProcessException failure(List<String> command) throws Exception {
        try {
            run(command);
        } catch (CalledProcessException e) {
            return e;
        }
        throw new AssertionError("[what CheckedRun.run(" + Children.shown(command) + ") threw (a command that exits with a "
                + "non-zero code)] it returned normally");
    }

    @Test
    @Hint(value = "A command that exits with 0 succeeded, whatever it wrote to its standard error (many programs "
            + "write progress or statistics there): run returns normally. See the lesson's Q2.",
            on = {Hint.Failure.ASSERTION, Hint.Failure.TIMEOUT, Hint.Failure.EXCEPTION})
    void aCommandThatExitsWithZeroReturnsNormally(@TempDir Path dir) throws Exception {
        run(List.of("true"));
        run(List.of("ls", "-d", dir.toString()));
        Path file = Files.writeString(dir.resolve("data.txt"), "some data\n");
        // dd copies the file and reports "records in / records out" on its standard error, and exits with 0.
        run(List.of("dd", "if=" + file, "of=/dev/null"));
        assertThat(Children.leftRunning(before, Duration.ofMillis(300))).as("processes left running by run")
                .isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "A non-zero exit code is a CalledProcessException that carries the command, the code the "
            + "program exited with and what it wrote to its standard error. See the lesson's Q2.")
    void aNonZeroExitThrowsWithCommandCodeAndStderr(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("no-such-file").toString();
        CalledProcessException ls = failure(List.of("ls", missing));
        assertThat(ls.exitCode()).as("exit code in the exception of ls on a missing path").isEqualTo(2);
        assertThat(ls.command()).as("command in the exception of ls on a missing path").containsExactly("ls", missing);
        assertThat(ls.stderr()).as("standard error in the exception of ls on a missing path (ls names the path)")
                .contains(missing);
        CalledProcessException no = failure(List.of("false"));
        assertThat(no.exitCode()).as("exit code in the exception of false").isEqualTo(1);
        assertThat(no.stderr()).as("standard error in the exception of false, which writes nothing").isEmpty();
        assertThat(Children.leftRunning(before, Duration.ofMillis(300))).as("processes left running by run")
                .isEmpty();
    }

    @Test
    @Hint(value = "The message of the exception names the command and its exit code, as Python's "
            + "CalledProcessError does. See the lesson's Q2.")
    void theMessageNamesTheCommandAndTheCode() throws Exception {
        String missing = "no-such-file-here"; // relative, and without a digit: the 2 must come from the exit code
        CalledProcessException e = failure(List.of("ls", missing));
        assertThat(e.getMessage()).as("message of the exception of ls on a missing file (exit code 2)")
                .contains("ls").contains(missing).contains("2");
    }

    @Test
    @Hint(value = "The exception is a value: it keeps its own copy of the command, which nobody can change "
            + "afterwards, neither the caller through its list nor anyone through command(). See the lesson's Q2.")
    void theExceptionKeepsItsOwnUnmodifiableCommand() throws Exception {
        List<String> command = new ArrayList<>(List.of("false"));
        CalledProcessException e = failure(command);
        command.add("changed-by-the-caller");
        assertThat(e.command()).as("command in the exception after the caller changed its own list")
                .containsExactly("false");
        assertThatThrownBy(() -> e.command().add("x")).as("adding to the exception's command()")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @Points(2)
    @Hint(value = "A command may write much more to its standard error than a pipe holds: then it waits for its "
            + "reader, and a caller that waits for the command to end first waits for ever. See the lesson's Q2 "
            + "on the order of reading and waiting.", when = "did not return")
    @Hint(value = "The exception must carry all of the standard error, not a part of it. See the lesson's Q2.",
            when = "lines")
    void muchErrorOutputDoesNotBlock(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of("ls"));
        int n = 3_000; // about 250 KB of error messages, more than a pipe holds
        for (int i = 0; i < n; i++) {
            command.add(dir.resolve("missing-file-number-%05d".formatted(i)).toString());
        }
        CalledProcessException e = failure(command);
        assertThat(e.stderr().lines().filter(l -> l.contains("missing-file-number-")).count())
                .as("lines of the standard error of ls on %d missing paths", n).isEqualTo(n);
        assertThat(e.exitCode()).as("exit code of ls on %d missing paths", n).isEqualTo(2);
    }

    @Test
    @Hint(value = "A program that cannot be started is an IOException: there is no process, and so no exit code "
            + "to put in a CalledProcessException. See the lesson's Q2.",
            on = {Hint.Failure.ASSERTION, Hint.Failure.EXCEPTION})
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
    @Hint("run must work from any thread: a daemon, a renamed thread, a virtual thread. See the lesson's Q2.")
    void worksFromEveryKindOfCaller(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        for (Caller caller : Callers.all()) {
            caller.run(LIMIT, () -> CheckedRun.run(List.of("ls", "-d", file.toString())));
            CalledProcessException e = caller.call(LIMIT, () -> {
                try {
                    CheckedRun.run(List.of("false"));
                    return null;
                } catch (CalledProcessException thrown) {
                    return thrown;
                }
            });
            assertThat(e).as("what run(false) threw from a %s", caller.describe()).isNotNull();
            assertThat(e.exitCode()).as("exit code of false from a %s", caller.describe()).isEqualTo(1);
        }
    }
}
