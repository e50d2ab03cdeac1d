package parakit.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Q2. A checked run: the Java counterpart of Python's {@code subprocess.run(command, check=True)}, which raises
 * {@code CalledProcessError} when the command exits with a non-zero code.
 */
public final class CheckedRun {

    private CheckedRun() {
    }

    /**
     * Thrown by {@link #run} when the command ended with a non-zero exit code: it carries the command, the exit
     * code and what the command wrote to its standard error, as Python's {@code CalledProcessError} does.
     * Immutable.
     */
    public static final class CalledProcessException extends Exception {

        private static final long serialVersionUID = 1L;

        private final List<String> command;
        private final int exitCode;
        private final String stderr;

        /**
         * An exception for {@code command}, which exited with {@code exitCode} after writing {@code stderr}.
         *
         * <p>The exception keeps its own unmodifiable copy of {@code command}: a caller that changes its list
         * afterwards does not change the exception's. Its message names the command and the exit code, e.g.
         * {@code Command [ls, /missing] returned non-zero exit status 2}.
         *
         * @param command  the program and its arguments, as run
         * @param exitCode the exit code, not 0
         * @param stderr   everything the command wrote to its standard error, decoded as UTF-8
         */
        public CalledProcessException(List<String> command, int exitCode, String stderr) {
            // >>> SOLUTION CalledProcessException.init
            // Pass a message naming the command and the exit code to the superclass, and keep the three values;
            // the command as an unmodifiable copy.
            // stub: super("TODO CalledProcessException.init"); this.command = command; this.exitCode = 0; this.stderr = "";
            super("Command " + command + " returned non-zero exit status " + exitCode);
            this.command = List.copyOf(command);
            this.exitCode = exitCode;
            this.stderr = stderr;
            // <<< SOLUTION
        }

        /** The program and its arguments, unmodifiable. */
        public List<String> command() {
            return command;
        }

        /** The command's exit code, never 0. */
        public int exitCode() {
            return exitCode;
        }

        /** Everything the command wrote to its standard error (UTF-8), possibly empty. */
        public String stderr() {
            return stderr;
        }
    }

    /**
     * Runs {@code command} without a shell, waits for it to end, and returns normally only if it exited with 0.
     *
     * <p>The command's standard input and output are this JVM's own; its standard error is captured, all of it
     * however long, and not shown. The process has ended when this method returns or throws
     * {@link CalledProcessException}.
     *
     * @param command the program and its arguments; not empty
     * @throws CalledProcessException if the command exited with a non-zero code: it carries the command, that
     *                                code and the command's whole standard error
     * @throws IOException            if the process cannot be started, or its error stream cannot be read
     * @throws InterruptedException   if the calling thread is interrupted while it waits for the process to end
     */
    public static void run(List<String> command) throws CalledProcessException, IOException, InterruptedException {
        // >>> SOLUTION CheckedRun.run
        // Start the command with the JVM's standard input and output and its standard error on a pipe; read
        // the whole error stream, wait for the exit code, and throw a CalledProcessException if it is not 0.
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        String stderr;
        try (InputStream err = process.getErrorStream()) {
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new CalledProcessException(command, code, stderr);
        }
        // <<< SOLUTION
    }
}
