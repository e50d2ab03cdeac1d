package parakit.subprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Q6. Signalling a child process: the Java counterpart of the practical's {@code signal_parent.py} and
 * {@code signal_child.py}. The child (a Java program, {@link Child}) handles USR1 and says so; the parent
 * ({@link #run}) starts it, waits until it says it is ready, sends it USR1 and reads its report.
 */
public final class SignalChild {

    private SignalChild() {
    }

    /** The line the child prints once its USR1 handler is installed. */
    public static final String READY = "READY";

    /** The first words of the line the child prints when USR1 arrived (then " on thread NAME"). */
    public static final String RECEIVED = "RECEIVED USR1";

    /** The line the child prints when USR1 did not arrive within its timeout. */
    public static final String NEVER = "NEVER RECEIVED";

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test
     * passes {@code parakit.support.ChildJvm}, a program could run {@code java -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /** Starts {@code main} with {@code args} through {@code builder} (its redirections are kept). */
        Process start(ProcessBuilder builder, Class<?> main, String... args) throws IOException;
    }

    /**
     * What the child said and how it ended.
     *
     * @param pid      the child's process id
     * @param lines    the lines the child printed after {@link #READY}, in order
     * @param exitCode the child's exit code
     */
    public record Report(long pid, List<String> lines, int exitCode) {
    }

    /** The child program. */
    public static final class Child {

        private Child() {
        }

        /**
         * Installs a handler for USR1, then prints {@link #READY} (and flushes it), then waits up to
         * {@code args[0]} milliseconds for the signal. If it arrives, prints {@code RECEIVED USR1 on thread NAME},
         * NAME being the thread the handler ran on; otherwise prints {@link #NEVER}. Then returns (the JVM exits
         * with 0). The signal is waited for, not polled.
         */
        public static void main(String[] args) throws InterruptedException {
            // >>> SOLUTION SignalChild.Child.main
            // Install a USR1 handler (sun.misc.Signal) that notes the thread it runs on and releases the main
            // thread; say READY; wait for the handler up to args[0] ms; print what happened.
            long timeoutMillis = Long.parseLong(args[0]);
            CountDownLatch received = new CountDownLatch(1);
            String[] handlerThread = new String[1];
            Signal.handle(new Signal("USR1"), signal -> {
                handlerThread[0] = Thread.currentThread().getName();
                received.countDown();
            });
            System.out.println(READY);
            System.out.flush();
            if (received.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                System.out.println(RECEIVED + " on thread " + handlerThread[0]);
            } else {
                System.out.println(NEVER);
            }
            System.out.flush();
            // <<< SOLUTION
        }
    }

    /**
     * Starts {@link Child} with {@code launcher} (argument: {@code childTimeout} in milliseconds, its standard
     * output on a pipe, its standard error this JVM's, its standard input left as the launcher needs it), reads
     * its output until it says {@link #READY} (it is never signalled before), then, if {@code signal}, sends it
     * USR1 (with the {@code kill} program, which is waited for), reads the rest of its output, waits for it to
     * end, and returns its report. No blind sleep: the ready line is what the signal waits for.
     *
     * <p>If the child ends without saying {@link #READY}, its report holds no lines. Signals go to this child
     * only. When this method returns, the child and every process this method started have ended.
     *
     * @param launcher     how to start the child JVM
     * @param signal       whether to send USR1
     * @param childTimeout how long the child waits for the signal
     * @return the child's pid, the lines it printed after {@link #READY}, and its exit code
     * @throws IOException          if a process cannot be started or the child's output cannot be read
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static Report run(Launcher launcher, boolean signal, Duration childTimeout)
            throws IOException, InterruptedException {
        // >>> SOLUTION SignalChild.run
        // Start the child through the launcher; read its lines until READY; then send USR1 if asked (and wait
        // for kill); collect the rest of its lines; wait for the child; return its report.
        ProcessBuilder builder = new ProcessBuilder().redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = launcher.start(builder, Child.class, String.valueOf(childTimeout.toMillis()));
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals(READY));
            if (line != null) {
                if (signal) {
                    Process kill = new ProcessBuilder("kill", "-USR1", String.valueOf(child.pid())).inheritIO()
                            .start();
                    kill.waitFor();
                }
                for (line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            }
        }
        return new Report(child.pid(), List.copyOf(lines), child.waitFor());
        // <<< SOLUTION
    }
}
