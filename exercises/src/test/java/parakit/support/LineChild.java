package parakit.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that a test talks to by lines, for the signal questions' tests (public and hidden): the test writes
 * lines to its standard input, waits for the lines it prints (standard error merged in, so that a stack trace
 * shows in the failure message), sends it signals with the {@code kill} program, and reads how it ended.
 *
 * <p>Every wait is bounded and ends early when the child has ended: a child that died cannot keep a test waiting
 * for its whole limit. {@link #close()} kills the child if it still runs, so use it in try-with-resources.
 * Signals go to this child's pid only.
 */
public final class LineChild implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> takenAt = new ArrayList<>();
    private boolean ended;
    private final Thread reader;

    private LineChild(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = Thread.ofPlatform().name("line-child-reader").daemon(true).start(this::read);
    }

    /** Starts {@code main} with {@code args} in a child JVM with {@code jvmOptions} ({@link ChildJvm}). */
    public static LineChild start(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true);
        return new LineChild(ChildJvm.start(builder, main, jvmOptions, args));
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the child was killed: its output ends here
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The process itself (its handle, whether it is alive). */
    public Process process() {
        return process;
    }

    /** Writes {@code line} and a newline to the child's standard input and flushes it. */
    public void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes the child's standard input: it reads the end of its input. */
    public void closeInput() throws IOException {
        stdin.close();
    }

    /**
     * Waits up to {@code within} for the first line not yet taken that starts with {@code prefix}, takes it and
     * returns it. Lines before it that do not match stay for later calls.
     *
     * @throws AssertionError if no such line comes in time or the child's output ends first; the message says
     *         {@code what} was awaited and every line the child printed
     */
    public synchronized String await(String prefix, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (int i = 0; i < lines.size(); i++) {
                if (!takenAt.contains(i) && lines.get(i).startsWith(prefix)) {
                    takenAt.add(i);
                    return lines.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError((ended ? "the child's output ended" : "no line came within "
                        + within.toMillis() + " ms") + " while waiting for " + what + " (a line starting with '"
                        + prefix + "'); the child printed: " + linesSoFar());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Every line the child printed so far, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every line so far, quoted, for failure messages. */
    public synchronized String linesSoFar() {
        return lines.isEmpty() ? "nothing" : lines.toString();
    }

    /**
     * Sends signal {@code name} ("USR1", "TERM") to this child with {@code kill -NAME pid}, and waits for
     * {@code kill} to end.
     *
     * @throws IOException if {@code kill} cannot be started or fails
     */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " " + process.pid() + " did not end");
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed with " + kill.exitValue());
        }
    }

    /**
     * Waits up to {@code within} for the child to end and returns its exit code, once its output has been read
     * to the end too.
     *
     * @throws AssertionError if it is still running then, naming {@code what} and the lines it printed
     */
    public int exitCode(Duration within, String what) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not end within " + within.toMillis() + " ms " + what
                    + "; it printed: " + linesSoFar());
        }
        reader.join(within.toMillis());
        return process.exitValue();
    }

    /** Kills the child if it still runs, and waits a little for it and for its output to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
