package parakit.subprocess;

import java.io.IOException;
import java.util.List;

/**
 * Q1. Running a command and getting its exit code: the Java counterpart of Python's
 * {@code subprocess.run(['ls', '-lahF']).returncode}.
 */
public final class RunCommand {

    private RunCommand() {
    }

    /**
     * Runs {@code command} in a new process, waits for it to end, and returns its exit code.
     *
     * <p>The command is a program and its arguments, one element each, started without a shell: no element is
     * split, expanded or interpreted (a space, {@code *} or {@code $} in an argument reaches the program as it
     * is).
     *
     * <p>The process's standard input, output and error are this JVM's own (as with Python's {@code run()}
     * without arguments): whatever it prints goes where this JVM's output goes, however much it is, and it
     * never waits for this JVM to read anything.
     *
     * <p>When this method returns, the process has ended. If the calling thread is interrupted while it waits,
     * the process is ended too (destroyed) before {@link InterruptedException} is thrown, as Python's
     * {@code run()} kills its child when the wait is interrupted.
     *
     * @param command the program and its arguments; not empty
     * @return the process's exit code (0 conventionally means success)
     * @throws IOException          if the process cannot be started (for example, no such program)
     * @throws InterruptedException if the calling thread is interrupted while it waits; the process has been
     *                              destroyed
     */
    public static int exitCode(List<String> command) throws IOException, InterruptedException {
        // TODO RunCommand.exitCode: Start the command with a ProcessBuilder whose standard streams are this JVM's own, wait for it to
        //   end and return its exit code. If the wait is interrupted, end the process and let the
        //   InterruptedException through.
        throw new UnsupportedOperationException("TODO RunCommand.exitCode");
    }
}
