package parakit.multiprocessing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Q2. Names of processes: the Java counterpart of the practical's {@code current_process().name}, with Python's
 * default names ({@code Process-1}, {@code Process-2}, ...) and a name of one's choice ({@code name='Test'}). A JVM
 * has no process name of its own, so the parent gives each child its name as the system property
 * {@link #NAME_PROPERTY}, and {@link #currentName()} reads it back, in the child.
 *
 * <p>One {@code ProcessNames} object plays the part of one Python parent process: it numbers the processes it
 * creates. It is safe to use from several threads at once.
 */
public final class ProcessNames {

    /** The system property that holds a process's name. */
    public static final String NAME_PROPERTY = "parakit.process.name";

    /** The name of a process that was given none: the one the program started in, as Python calls it. */
    public static final String MAIN_NAME = "MainProcess";

    /** The first word of the one line a {@link Doubler} prints: {@code DOUBLED number result name}. */
    public static final String DOUBLED = "DOUBLED";

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test
     * passes {@code parakit.support.ChildJvm}, a program could run {@code java [options] -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code main} with {@code args} through {@code builder}, in a JVM given {@code jvmOptions} (such as
         * {@code -Dkey=value}). The child's standard output is a pipe to the caller; its standard input and
         * standard error are the launcher's to choose.
         */
        Process start(ProcessBuilder builder, List<String> jvmOptions, Class<?> main, String... args)
                throws IOException;
    }

    /**
     * What one child reported.
     *
     * @param number the number it was given
     * @param result the number doubled
     * @param name   the name of the child that doubled it, as the child itself reported it
     */
    public record Doubled(int number, int result, String name) {
    }

    /** The child program. */
    public static final class Doubler {

        private Doubler() {
        }

        /**
         * Doubles {@code args[0]} and prints one line, {@code DOUBLED number result name}, {@code name} being
         * {@link #currentName()} (which may hold spaces: it is the rest of the line), then flushes its output.
         */
        public static void main(String[] args) {
            // >>> SOLUTION ProcessNames.Doubler.main
            // Parse the number; print DOUBLED, the number, its double and this process's name on one line; flush.
            int number = Integer.parseInt(args[0]);
            System.out.println(DOUBLED + " " + number + " " + number * 2 + " " + currentName());
            System.out.flush();
            // <<< SOLUTION
        }
    }

    /**
     * The name of the process this code runs in: the value of the system property {@link #NAME_PROPERTY}, or
     * {@link #MAIN_NAME} if it is not set.
     */
    public static String currentName() {
        // >>> SOLUTION ProcessNames.currentName
        // Read the name the parent gave this JVM, if any.
        return System.getProperty(NAME_PROPERTY, MAIN_NAME);
        // <<< SOLUTION
    }

    // >>> SOLUTION ProcessNames.state
    // Declare what an object needs: the launcher, and how many processes it has created.
    // stub:
    private final Launcher launcher;
    private final AtomicInteger created = new AtomicInteger();
    // <<< SOLUTION

    /**
     * A parent that starts its children with {@code launcher} and has created no process yet.
     *
     * @param launcher how to start a child JVM
     */
    public ProcessNames(Launcher launcher) {
        // >>> SOLUTION ProcessNames.constructor
        // Keep the launcher.
        this.launcher = launcher;
        // <<< SOLUTION
    }

    /**
     * Doubles {@code number} in a new child process with a default name, {@code Process-k}: {@code k} counts the
     * processes this object has created, this one included (1 for the first), whichever method created them.
     * Otherwise as {@link #run(int, String)}.
     */
    public Doubled run(int number) throws IOException, InterruptedException {
        // >>> SOLUTION ProcessNames.runDefault
        // Create a process with the next default name.
        return start(number, null);
        // <<< SOLUTION
    }

    /**
     * Doubles {@code number} in a new child process named {@code name}, which the child can read as its
     * {@link #currentName()}: starts one {@link Doubler} through the launcher (a new {@code ProcessBuilder}, the
     * JVM option {@code -D}{@link #NAME_PROPERTY}{@code =name}, {@link Doubler}, the number as its only argument),
     * reads its line, waits for it to end and returns its report.
     *
     * <p>Each process created takes the next number of this object, a named one too (as in Python, where the
     * process after {@code Process(name='Test')} is {@code Process-k+1}). The number is taken when the process is
     * created, before it starts; calls may run at the same time (from several threads), each taking a number of
     * its own, and one call does not wait for another's child.
     *
     * <p>When this method returns, the child has ended. If the child ends without its line, it throws
     * {@link IOException}; if the calling thread is interrupted while it waits, the child is destroyed (forcibly)
     * and waited for, then {@link InterruptedException} is thrown.
     *
     * @param number the number to double
     * @param name   the child's name: not null, not empty (checked before any process is created)
     * @return what the child reported
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     * @throws IOException              if the child cannot be started or does not report
     * @throws InterruptedException     if the calling thread is interrupted while it waits
     */
    public Doubled run(int number, String name) throws IOException, InterruptedException {
        // >>> SOLUTION ProcessNames.runNamed
        // Check the name; create a process with it.
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a process name must not be empty");
        }
        return start(number, name);
        // <<< SOLUTION
    }

    // >>> SOLUTION ProcessNames.helpers
    // Write any helper methods you need here.
    // stub:
    /** Takes the next number, names the process (by that number unless {@code name} is given), runs it. */
    private Doubled start(int number, String name) throws IOException, InterruptedException {
        int k = created.incrementAndGet();
        String processName = name != null ? name : "Process-" + k;
        Process child = launcher.start(new ProcessBuilder(), List.of("-D" + NAME_PROPERTY + "=" + processName),
                Doubler.class, String.valueOf(number));
        boolean done = false;
        try {
            Doubled report;
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                String[] words = line == null ? new String[0] : line.split(" ", 4);
                if (words.length != 4 || !words[0].equals(DOUBLED)) {
                    throw new IOException("child " + child.pid() + " did not report: " + line);
                }
                report = new Doubled(Integer.parseInt(words[1]), Integer.parseInt(words[2]), words[3]);
            }
            child.waitFor();
            done = true;
            return report;
        } finally {
            if (!done) {
                child.destroyForcibly();
                child.onExit().join();
            }
        }
    }
    // <<< SOLUTION
}
