package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q1. Every call runs on a helper thread with a bounded wait (a process blocked on a full pipe
 * never ends by itself), and every test kills what its call left running, so nothing outlives it.
 */
@Question(section = "subprocess", number = 1, title = "Running a command and getting its exit code")
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter"},
        why = "the subprocess questions start processes and read and write their standard streams")
@Requires(type = ProcessBuilder.class, method = "start", in = "RunCommand.exitCode",
        why = "RunCommand.exitCode must start the command with a ProcessBuilder")
class RunCommandHiddenTest {

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

    private int exitCode(String... command) throws Exception {
        return Children.within(LIMIT, before, "RunCommand.exitCode(" + List.of(command) + ")",
                () -> RunCommand.exitCode(new ArrayList<>(List.of(command))));
    }

    @Test
    @Points(2)
    @Hint("The exit code is what the program returned, read once the process has ended: see the lesson's Q1 on "
            + "what waitFor returns.")
    void exitCodesAreThoseOfTheProgram(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("no-such-file").toString();
        assertThat(exitCode("true")).as("exit code of true").isZero();
        assertThat(exitCode("false")).as("exit code of false").isEqualTo(1);
        assertThat(exitCode("cat", missing)).as("exit code of cat on a file that does not exist").isEqualTo(1);
        assertThat(exitCode("ls", missing)).as("exit code of ls on a path that does not exist").isEqualTo(2);
    }

    @Test
    @Hint("Each element of the command reaches the program as one argument, unchanged: no shell splits it at "
            + "spaces or expands * and $. See the lesson's Q1 on running without a shell.")
    void argumentsReachTheProgramUnchanged(@TempDir Path dir) throws Exception {
        Path odd = Files.writeString(dir.resolve("two words * $HOME;.txt"), "x");
        assertThat(exitCode("ls", "-d", odd.toString()))
                .as("exit code of ls -d on an existing file whose name has a space, * , $ and ;").isZero();
        assertThat(exitCode("ls", "-d", dir.resolve("*").toString()))
                .as("exit code of ls -d on the name '*' in a folder without a file of that name").isEqualTo(2);
    }

    @Test
    @Points(2)
    @Hint(value = "The command's output must go somewhere that never fills up: a pipe nobody reads holds only a "
            + "few tens of KB, then the program waits for ever for its reader. See the lesson's Q1 on where the "
            + "child's output goes.", when = "did not return")
    void muchOutputDoesNotBlockTheCommand(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            text.append("RunCommand hidden test: a long output, line ").append(i).append('\n');
        }
        Path big = Files.writeString(dir.resolve("big.txt"), text); // about 190 KB, more than a pipe holds
        assertThat(exitCode("cat", big.toString())).as("exit code of cat on a 190 KB file").isZero();
    }

    @Test
    @Points(2)
    @Hint("exitCode returns only once the process has ended, and its exit code is known then: see the lesson's "
            + "Q1 on waitFor.")
    void theProcessHasEndedWhenExitCodeReturns(@TempDir Path dir) throws Exception {
        // cat on a named pipe cannot end before this test opens the pipe for writing: whatever exitCode returns
        // before then, it returned while the process was still running.
        Path fifo = Children.fifo(dir.resolve("fifo"));
        before = Children.snapshot();
        java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return RunCommand.exitCode(List.of("cat", fifo.toString()));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, r -> Thread.ofPlatform().name("exit-code-caller").daemon(true).start(r));
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (Children.started(before).isEmpty() && !code.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        boolean early;
        try {
            code.get(700, java.util.concurrent.TimeUnit.MILLISECONDS);
            early = true;
        } catch (java.util.concurrent.TimeoutException e) {
            early = false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        assertThat(early).as("exitCode(cat FIFO) returned while cat still waited for a writer (process running)")
                .isFalse();
        try (var writer = Files.newOutputStream(fifo)) {
            writer.write('x');
        }
        assertThat(code.get(LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("exit code of cat FIFO once the pipe was written and closed").isZero();
        assertThat(Children.leftRunning(before, Duration.ZERO))
                .as("processes still running the moment exitCode returned").isEmpty();
    }

    @Test
    @Hint(value = "A command that cannot be started is an IOException for the caller, not an exit code: there is "
            + "no process, so there is no exit code either. See the lesson's Q1.", on = {Hint.Failure.ASSERTION})
    void aMissingProgramIsAnIOException() throws Exception {
        IOException thrown = null;
        try {
            exitCode("parakit-no-such-program", "x");
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("the IOException of exitCode of a program that does not exist").isNotNull();
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupted caller gets InterruptedException, and the process it started must not run on "
            + "without anyone waiting for it: end it first. See the lesson's Q1 on interrupts.",
            when = "interrupted")
    void anInterruptedWaitEndsTheProcess() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("interrupted-caller").start(() -> {
            try {
                RunCommand.exitCode(new ArrayList<>(List.of("sleep", "30")));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (Children.started(before).isEmpty() && caller.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (thrown.get() instanceof RuntimeException e) {
                throw e; // exitCode failed by itself, before any interrupt
            }
            assertThat(Children.started(before)).as("processes started by exitCode(sleep 30)").isNotEmpty();
            Await.untilWaiting(LIMIT, caller);
            caller.interrupt();
            Await.joined(LIMIT, caller);
            assertThat(thrown.get()).as("what exitCode threw when its caller was interrupted while it waited")
                    .isInstanceOf(InterruptedException.class);
            assertThat(Children.leftRunning(before, Duration.ofMillis(500)))
                    .as("processes still running after exitCode was interrupted").isEmpty();
        } finally {
            Children.killNew(before);
            caller.join(2_000);
        }
    }

    @Test
    @Hint("exitCode must work from any thread: a daemon, a renamed thread, a virtual thread. See the lesson's Q1.")
    void worksFromEveryKindOfCaller() throws Exception {
        for (Caller caller : Callers.all()) {
            int code = caller.call(LIMIT, () -> RunCommand.exitCode(List.of("false")));
            assertThat(code).as("exit code of false from a %s", caller.describe()).isEqualTo(1);
        }
    }
}
