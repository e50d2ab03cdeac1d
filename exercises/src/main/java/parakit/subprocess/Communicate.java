package parakit.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Q4. Talking to a process through its standard input and output: the Java counterpart of Python's
 * {@code Popen(command, stdin=PIPE).communicate(data)} (one way) and
 * {@code Popen(command, stdin=PIPE, stdout=PIPE).communicate(data)} (both ways).
 */
public final class Communicate {

    private Communicate() {
    }

    /**
     * What {@link #communicate} got back: the exit code and every byte the command wrote to its standard output.
     *
     * @param exitCode the command's exit code
     * @param stdout   the bytes of its standard output, unchanged
     */
    public record Result(int exitCode, byte[] stdout) {
    }

    /**
     * One way: runs {@code command} without a shell, writes all of {@code input} to its standard input, closes
     * it (the command then reads its end), waits for the command to end and returns its exit code. The command's
     * standard output and standard error are discarded.
     *
     * <p>A command that ends without reading all of its input is not an error (as Python's {@code communicate}
     * ignores a broken pipe): its exit code is returned. When this method returns, the process has ended.
     *
     * @param command the program and its arguments; not empty
     * @param input   the bytes to send, any size, possibly empty
     * @return the command's exit code
     * @throws IOException          if the process cannot be started
     * @throws InterruptedException if the calling thread is interrupted while it waits for the process to end
     */
    public static int send(List<String> command, byte[] input) throws IOException, InterruptedException {
        // TODO Communicate.send: Start the command with its output and error discarded, write the input to its standard input and
        //   close it (a command that stopped reading is no error), then wait for the exit code.
        throw new UnsupportedOperationException("TODO Communicate.send");
    }

    /**
     * Both ways: runs {@code command} without a shell, writes all of {@code input} to its standard input and
     * closes it, reads all of its standard output, waits for it to end, and returns the exit code and the output.
     * The command's standard error is discarded.
     *
     * <p>Any amount can go each way at once: writing and reading happen at the same time, so a command that
     * writes its output while it reads its input (such as {@code cat -}) never waits for ever on a full pipe,
     * and neither does this method. A command that ends without reading all of its input is not an error. When
     * this method returns, the process has ended and no platform thread this method started is still running.
     *
     * @param command the program and its arguments; not empty
     * @param input   the bytes to send, any size, possibly empty
     * @return the exit code and all of the command's standard output
     * @throws IOException          if the process cannot be started or its output cannot be read
     * @throws InterruptedException if the calling thread is interrupted while it waits for the process to end
     */
    public static Result communicate(List<String> command, byte[] input) throws IOException, InterruptedException {
        // TODO Communicate.communicate: Start the command with its error discarded; send it the whole input (then close its input) and read its
        //   whole output; wait for it to end; return the output and the exit code.
        throw new UnsupportedOperationException("TODO Communicate.communicate");
    }

    /** Writes {@code input} to the process's standard input and closes it; a broken pipe ends the writing. */
    private static void writeAndClose(Process process, byte[] input) {
        // TODO Communicate.writeAndClose: Write all of input to the process's standard input, then close it. A command that ended without
        //   reading all of it makes the write fail: that is not an error, stop writing.
        throw new UnsupportedOperationException("TODO Communicate.writeAndClose");
    }
}
