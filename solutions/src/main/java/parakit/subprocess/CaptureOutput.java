package parakit.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Q3. Capturing a command's standard output and standard error, each on its own, with their sizes: the Java
 * counterpart of Python's {@code subprocess.run(command, stdout=PIPE, stderr=PIPE)} and its
 * {@code CompletedProcess}.
 */
public final class CaptureOutput {

    private CaptureOutput() {
    }

    /**
     * What a command did, as Python's {@code CompletedProcess} says it: the command, its exit code, and every
     * byte it wrote to its standard output and to its standard error, unchanged (not decoded, no line ends
     * added or removed). The arrays are the record's own: nothing else refers to them.
     *
     * @param command  the program and its arguments, unmodifiable
     * @param exitCode the exit code
     * @param stdout   the bytes the command wrote to its standard output
     * @param stderr   the bytes the command wrote to its standard error
     */
    public record Completed(List<String> command, int exitCode, byte[] stdout, byte[] stderr) {

        /** Python's "Have N bytes in stdout" line: the size of the standard output and of the standard error. */
        public String summary() {
            return "returncode: " + exitCode + ", have " + stdout.length + " bytes in stdout and " + stderr.length
                    + " bytes in stderr";
        }
    }

    /**
     * Runs {@code command} without a shell, waits for it to end, and returns its exit code and all that it wrote
     * to its standard output and its standard error, each captured on its own (nothing of one ends up in the
     * other).
     *
     * <p>The command's standard input is empty: a program that reads it sees its end at once. The command may
     * write any amount to both streams, in any order, interleaved: neither stream is left unread while the
     * other is read, so a full pipe never stops the command. When this method returns, the process has ended
     * and no platform thread this method started is still running.
     *
     * @param command the program and its arguments; not empty
     * @return the command (an unmodifiable copy), its exit code, and its output and error bytes
     * @throws IOException          if the process cannot be started or its standard output cannot be read (a
     *                              failure to read its standard error is a {@code CompletionException} whose
     *                              cause is the {@code IOException})
     * @throws InterruptedException if the calling thread is interrupted while it waits for the process to end
     */
    public static Completed run(List<String> command) throws IOException, InterruptedException {
        // >>> SOLUTION CaptureOutput.run
        // Start the command with both output streams on pipes, give it an empty standard input, read both
        // streams to their ends at the same time, wait for the exit code, and return all of it as a Completed.
        List<String> copy = List.copyOf(command);
        Process process = new ProcessBuilder(copy).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> stderr = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (InputStream err = process.getErrorStream()) {
                stderr.complete(err.readAllBytes());
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        byte[] stdout;
        try (InputStream out = process.getInputStream()) {
            stdout = out.readAllBytes();
        }
        int code = process.waitFor();
        return new Completed(copy, code, stdout, stderr.join());
        // <<< SOLUTION
    }
}
