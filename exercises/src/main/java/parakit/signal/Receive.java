package parakit.signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Q1. Receiving signals: the Java counterpart of the practical's {@code signal_signal.py}. A program (a
 * {@link Child}, run in a JVM of its own) handles USR1 and USR2 while its main loop goes on working, and
 * {@link #canHandle} finds out which signals a JVM lets a program handle at all.
 */
public final class Receive {

    private Receive() {
    }

    /** The line the child prints once both handlers are installed. */
    public static final String READY = "READY";

    /**
     * Whether this JVM lets a program install a handler for the signal named {@code name}, found out by trying.
     *
     * <p>{@code name} is a signal's name without {@code SIG}, as {@code kill -l} prints it ({@code "USR1"},
     * {@code "TERM"}). The answer is {@code true} if a handler for it can be installed with
     * {@link sun.misc.Signal#handle}, and {@code false}, never an exception, both for a name this JVM does not know
     * ({@code "SIGUSR1"}, {@code "usr1"}, {@code ""}, {@code "FOO"}) and for a signal it knows but keeps for
     * itself or cannot let a program catch. The answer is the JVM's own: it may differ between JVMs, between
     * operating systems and between options of one JVM, so it is found out in the JVM that asks, not looked up.
     *
     * <p>The signal is left as it was found: a handler installed to find out is replaced by the one the signal had
     * before, before this method returns, so what the signal does afterwards is unchanged.
     *
     * @param name a signal's name, not {@code null}
     * @return whether a program may handle that signal in this JVM
     */
    public static boolean canHandle(String name) {
        // TODO Receive.canHandle: Find out in this JVM, by trying, and leave the signal as it was.
        throw new UnsupportedOperationException("TODO Receive.canHandle");
    }

    /** The child program. */
    public static final class Child {

        private Child() {
        }

        /**
         * Installs handlers for USR1 and USR2 (with {@link sun.misc.Signal}), then prints {@link #READY}.
         *
         * <p>Each time one of the two signals arrives, its handler adds one to that signal's count and prints
         * {@code GOT NAME n}: NAME is the signal ({@code USR1} or {@code USR2}) and n its count so far, this
         * arrival included. That line is the acknowledgement a sender waits for before it sends the next signal
         * (two signals of one kind sent back to back may arrive as one).
         *
         * <p>Meanwhile the main thread goes on with its loop, which no signal stops or holds up: it reads
         * standard input line by line and answers each line at once:
         * <ul>
         *   <li>{@code COUNTS}: prints {@code COUNTS USR1 a USR2 b}, the counts so far;</li>
         *   <li>{@code CAN NAME}: prints {@code CAN NAME true} or {@code CAN NAME false}, as
         *       {@link Receive#canHandle canHandle(NAME)} answers in this JVM;</li>
         *   <li>any other line L: prints {@code ECHO L}.</li>
         * </ul>
         * When standard input ends, it prints {@code COUNTS USR1 a USR2 b} once more and returns (the JVM exits
         * with 0). Every line is printed whole and flushed at once.
         *
         * @throws IOException if standard input cannot be read
         */
        public static void main(String[] args) throws IOException {
            // TODO Receive.Child.main: Install a counting handler for USR1 and one for USR2; say READY; then answer standard input line by
            //   line (COUNTS, CAN NAME, anything else echoed) until it ends; then report the counts once more.
            throw new UnsupportedOperationException("TODO Receive.Child.main");
        }

        private static void say(String line) {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
        }
    }
}
