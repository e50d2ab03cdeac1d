package parakit.multiprocessing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Q6. A queue between two processes: the Java counterpart of the practical's {@code creator} and
 * {@code my_consumer} processes joined by a {@code multiprocessing.Queue}. Java has no queue that spans JVMs;
 * here the queue is a pipe that carries one item per line. The producer ({@link Producer}) prints its items and
 * then the {@link #SENTINEL} line; the parent ({@link #run}) passes those lines on to the consumer's standard
 * input as they come; the consumer ({@link Consumer}) processes every item before the sentinel and stops at it.
 */
public final class ProcessQueue {

    private ProcessQueue() {
    }

    /** The line that ends the stream of items. It is compared with a whole line, exactly. */
    public static final String SENTINEL = "END";

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
     * What the consumer printed and how both processes ended.
     *
     * @param processed    the lines the consumer printed, in order
     * @param producerExit the producer's exit code
     * @param consumerExit the consumer's exit code
     */
    public record Report(List<String> processed, int producerExit, int consumerExit) {
    }

    /** The producer program. */
    public static final class Producer {

        private Producer() {
        }

        /**
         * Prints each of its arguments as one line, in the order given, then one {@link #SENTINEL} line, flushes
         * its output and returns (the JVM exits with 0). With no arguments it prints the sentinel only.
         */
        public static void main(String[] args) {
            // TODO ProcessQueue.Producer.main: Put every item on the queue (one line each, in order), then the sentinel; flush.
            throw new UnsupportedOperationException("TODO ProcessQueue.Producer.main");
        }
    }

    /** The consumer program. */
    public static final class Consumer {

        private Consumer() {
        }

        /**
         * Reads items from standard input, one per line, and processes them in order: for each item it prints
         * the item twice over ({@code item + item}, what Python's {@code data * 2} makes of a string) as one line,
         * and flushes it before it reads the next line. Every line is an item (an empty one, or one that differs
         * from the sentinel only in case or spaces, too) except a line that equals {@link #SENTINEL} exactly.
         *
         * <p>That line ends the stream: it is not processed, nothing after it is read, and {@code main} returns
         * (the JVM exits with 0) without waiting for the end of standard input. If standard input ends before a
         * sentinel line, {@code main} throws an {@link EOFException} after processing what came (the JVM exits
         * with 1).
         */
        public static void main(String[] args) throws IOException {
            // TODO ProcessQueue.Consumer.main: Take items off the queue (standard input) one at a time and print each one processed; stop at the
            //   sentinel. What if the queue ends without one?
            throw new UnsupportedOperationException("TODO ProcessQueue.Consumer.main");
        }
    }

    /**
     * Runs a producer and a consumer joined by a pipe, and waits for both, as the practical's main block does
     * with its two processes and their queue.
     *
     * <p>Starts {@link Producer} with {@code items} as its arguments and {@link Consumer} without arguments, each
     * with {@code launcher} (standard output on a pipe, standard error this JVM's, standard input left as the
     * launcher needs it). Both are started before either is waited for, and they run at the same time: every
     * line the producer prints is passed on to the consumer's standard input as soon as it arrives (flushed
     * line by line, so the consumer works on an item while the producer is still running); when the producer's
     * output ends, the consumer's standard input is closed. The consumer's output is read at the same time, so
     * that no pipe fills up and blocks the others: thousands of items pass. Then both processes are waited for.
     *
     * <p>A producer that ends before its sentinel (one that died) is no error of {@code run}: the consumer sees
     * the end of its input, and the report gives what it processed and both exit codes. Nor is a consumer that
     * ends before the producer's output does (it stopped at the sentinel, or died): the producer's lines that
     * it can no longer take are dropped. When {@code run} returns, both processes have ended.
     *
     * @param launcher how to start the two JVMs
     * @param items    the items, none of which has a line break ({@code \n} or {@code \r}) or equals
     *                 {@link #SENTINEL}
     * @return the consumer's lines in order, and the producer's and the consumer's exit codes
     * @throws IllegalArgumentException if an item has a line break or equals the sentinel (no process is started)
     * @throws IOException              if a process cannot be started or a pipe fails
     * @throws InterruptedException     if the calling thread is interrupted while it waits
     */
    public static Report run(Launcher launcher, List<String> items) throws IOException, InterruptedException {
        // TODO ProcessQueue.run: Check the items; start both processes; pass the producer's lines on to the consumer while reading
        //   what the consumer prints; then wait for both (join) and report.
        throw new UnsupportedOperationException("TODO ProcessQueue.run");
    }
}
