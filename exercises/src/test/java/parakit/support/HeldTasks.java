package parakit.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds tasks that run in <em>other processes</em> (child JVMs) until the test lets them go: the cross-process
 * counterpart of a latch, for the tests of questions whose tasks run in child JVMs.
 *
 * <p>The test opens a loopback server ({@code new HeldTasks()}) and gives its {@link #port()} to the task (as an
 * argument, or captured by a serializable lambda). The task, in the child, calls {@link #hold(int)}: it connects,
 * says {@code READY <pid>}, and waits until the test answers with a word, which {@code hold} returns. The test
 * calls {@link #awaitReady(Duration)} to get each held task (its pid) and {@link Held#release(String)} to answer.
 * No sleep anywhere: "the task has started and is still running" is a fact the test is told.
 *
 * <p>{@link #close()} closes the server and every connection, so a task still held sees the end of its
 * connection and {@code hold} returns {@link #CLOSED}: a failing test never leaves a child waiting for ever.
 */
public final class HeldTasks implements AutoCloseable {

    /** What {@link #hold(int)} returns when the test closed the connection without a word. */
    public static final String CLOSED = "closed";

    private final ServerSocket server;

    private final List<Socket> accepted = new ArrayList<>();

    /** Opens the server on a free loopback port. */
    public HeldTasks() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** The port a task passes to {@link #hold(int)}. */
    public int port() {
        return server.getLocalPort();
    }

    /** One task that said READY and now waits for the test's word. */
    public static final class Held {
        private final Socket socket;
        private final long pid;

        private Held(Socket socket, long pid) {
            this.socket = socket;
            this.pid = pid;
        }

        /** The process id the task reported: the process it runs in. */
        public long pid() {
            return pid;
        }

        /** Lets the task go: its {@link #hold(int)} returns {@code word}. */
        public void release(String word) {
            try {
                PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(),
                        StandardCharsets.UTF_8), true);
                out.println(word);
            } catch (IOException e) {
                throw new UncheckedIOException("could not release the task in process " + pid, e);
            }
        }
    }

    /**
     * Waits up to {@code within} for the next task to say READY.
     *
     * @return the held task
     * @throws AssertionError if no task said READY in time
     */
    public Held awaitReady(Duration within) throws IOException {
        server.setSoTimeout((int) Math.max(1, within.toMillis()));
        Socket s;
        try {
            s = server.accept();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no task said READY within " + within.toMillis() + " ms (did it start?)");
        }
        synchronized (accepted) {
            accepted.add(s);
        }
        s.setSoTimeout((int) Math.max(1, within.toMillis()));
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a task connected but did not say READY within " + within.toMillis() + " ms");
        }
        if (line == null || !line.startsWith("READY ")) {
            throw new AssertionError("a task connected but said " + line + " instead of READY <pid>");
        }
        return new Held(s, Long.parseLong(line.substring("READY ".length()).trim()));
    }

    /** Closes the server and every task's connection (a task still held gets {@link #CLOSED}). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (accepted) {
            for (Socket s : accepted) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /**
     * The task's side, in the child: connects to the test's server on {@code port}, says {@code READY <pid>} and
     * waits for the test's word.
     *
     * @return the word, or {@link #CLOSED} if the test closed the connection first
     */
    public static String hold(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            out.println("READY " + ProcessHandle.current().pid());
            String word = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return word == null ? CLOSED : word;
        }
    }
}
