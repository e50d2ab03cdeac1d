package parakit.multiprocessing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Q1. Starting processes, waiting for them and terminating one: the Java counterpart of the practical's
 * {@code Process(target=doubler, args=(number,))}, {@code start()}, {@code join()} and {@code terminate()}. Each
 * child is a JVM of its own that runs {@link Doubler}; the parent ({@link #doubleAll}, {@link #doubleWithin})
 * starts the children, reads what they report and waits for them to end.
 */
public final class Processes {

    private Processes() {
    }

    /** The first word of the one line a {@link Doubler} prints: {@code DOUBLED number result pid}. */
    public static final String DOUBLED = "DOUBLED";

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test
     * passes {@code parakit.support.ChildJvm}, a program could run {@code java -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code main} with {@code args} through {@code builder}. The child's standard output is a pipe
         * to the caller; its standard input and standard error are the launcher's to choose.
         */
        Process start(ProcessBuilder builder, Class<?> main, String... args) throws IOException;
    }

    /**
     * What one child reported.
     *
     * @param number the number it was given
     * @param result the number doubled
     * @param pid    the process id of the child that doubled it, as the child itself reported it
     */
    public record Doubled(int number, int result, long pid) {
    }

    /**
     * How a child given a time limit ended.
     *
     * @param doubled    what the child reported, or {@code null} if it was terminated
     * @param terminated whether the child was still running at the limit and was terminated
     * @param exitCode   the child's exit code (0 when it ended by itself; what the OS reports for a terminated one)
     */
    public record Outcome(Doubled doubled, boolean terminated, int exitCode) {
    }

    /** The child program. */
    public static final class Doubler {

        private Doubler() {
        }

        /**
         * Doubles {@code args[0]} and prints one line, {@code DOUBLED number result pid} (words separated by one
         * space, {@code pid} being this process's own id), then flushes its output and returns. If {@code args[1]}
         * is given, it first sleeps that many milliseconds (a child that takes its time).
         */
        public static void main(String[] args) throws InterruptedException {
            // TODO Processes.Doubler.main: Parse the number; sleep args[1] ms if it is given; print DOUBLED, the number, its double and this
            //   process's pid on one line, and flush.
            throw new UnsupportedOperationException("TODO Processes.Doubler.main");
        }
    }

    /**
     * Doubles every number in a child process of its own: starts one {@link Doubler} per number through
     * {@code launcher} (a new {@code ProcessBuilder}, {@link Doubler}, the number as its only argument), reads the
     * line each child prints, waits for every child to end, and returns what they reported.
     *
     * <p>The children run at the same time: every child is started before this method waits for any of them.
     * The result lists the reports in the order of {@code numbers}, whatever the order in which the children
     * finish. When this method returns, every child it started has ended (it waited for each one).
     *
     * <p>If a child ends without printing its {@code DOUBLED} line, or a child cannot be started, this method
     * throws {@link IOException}; if the calling thread is interrupted while it waits, it throws
     * {@link InterruptedException}. Either way, it first destroys (forcibly) every child it started that is still
     * running and waits for each to end: no child outlives the call.
     *
     * @param launcher how to start a child JVM
     * @param numbers  the numbers; may be empty (then no child is started)
     * @return a new list with one report per number, in the order of {@code numbers}
     * @throws IOException          if a child cannot be started or does not report
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static List<Doubled> doubleAll(Launcher launcher, List<Integer> numbers)
            throws IOException, InterruptedException {
        // TODO Processes.doubleAll: Start a Doubler per number, collect the reports in the order of the numbers and wait for the children,
        //   as the contract above says (also what happens on a failure).
        throw new UnsupportedOperationException("TODO Processes.doubleAll");
    }

    /**
     * Doubles {@code number} in a child process that may take too long: starts one {@link Doubler} through
     * {@code launcher} (a new {@code ProcessBuilder}, {@link Doubler}, the arguments {@code number} and
     * {@code workMillis}), and waits up to {@code limit} for it to end.
     *
     * <p>If it ends within the limit, returns its report, not terminated, with its exit code. Otherwise, at the
     * limit (not before it and not at the child's natural end), it terminates the child with
     * {@link Process#destroy()} (on POSIX the TERM signal: the child may take a moment to end), waits for it to
     * end (without a time limit) and returns an outcome with no report, terminated, and the child's exit code.
     * A terminated child's output is not read.
     *
     * <p>If the calling thread is interrupted while it waits, the child is destroyed (forcibly) and waited for,
     * then {@link InterruptedException} is thrown.
     *
     * @param launcher   how to start the child JVM
     * @param number     the number to double
     * @param workMillis how long the child sleeps before it doubles, in milliseconds
     * @param limit      how long to wait for the child to end before terminating it
     * @return how the child ended
     * @throws IOException          if the child cannot be started, or it ended without printing its line
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static Outcome doubleWithin(Launcher launcher, int number, long workMillis, Duration limit)
            throws IOException, InterruptedException {
        // TODO Processes.doubleWithin: Start the Doubler, give it up to the limit to end, terminate it if it has not, and report how it
        //   ended, as the contract above says.
        throw new UnsupportedOperationException("TODO Processes.doubleWithin");
    }

    // TODO Processes.helpers: Write any helper methods you need here.
}
