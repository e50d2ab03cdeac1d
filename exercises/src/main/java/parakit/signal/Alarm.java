package parakit.signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Q3. An alarm without {@code alarm()}: a timeout that interrupts a worker, scheduled on a
 * {@link ScheduledExecutorService}; and cleaning up when TERM arrives, with a shutdown hook ({@link Child}).
 */
public final class Alarm {

    private Alarm() {
    }

    /** The line the child prints once its hook is registered and its ticker runs. */
    public static final String READY = "READY";

    /** The line the child's cleanup prints. */
    public static final String CLEANUP = "CLEANUP";

    /** Work that an interrupt may end. */
    @FunctionalInterface
    public interface Task {
        /** Does the work; an interrupt may end it with {@link InterruptedException}. */
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code task} on the calling thread under an alarm, the Java counterpart of {@code signal.alarm}.
     *
     * <p>Before the task starts, an alarm is set on a {@link ScheduledExecutorService} that this call makes: once
     * {@code timeout} has passed (at once for a timeout of zero or less), and unless the task has ended first, the
     * alarm interrupts the calling thread. Never earlier.
     * <ul>
     *   <li>If the task ends before the alarm went off, the alarm is cancelled: it never interrupts the calling
     *       thread, not later either. Returns {@code true}.</li>
     *   <li>If the alarm went off, returns {@code false}, however the task ended: with the
     *       {@link InterruptedException} the alarm caused (which this method catches), or by returning. The
     *       alarm's interrupt is spent then: the calling thread's interrupt status is clear when this method
     *       returns.</li>
     *   <li>An interrupt that is not the alarm's (another thread's, before the alarm went off) stays the
     *       caller's: the task's {@link InterruptedException} leaves this method.</li>
     * </ul>
     * In every case the executor is shut down before this method returns or throws, and its thread ends.
     *
     * @param timeout how long the task may run
     * @param task    the work, run on the calling thread
     * @return whether the task ended before the alarm went off
     * @throws InterruptedException if the task ended by an interrupt that was not the alarm's
     */
    public static boolean withAlarm(Duration timeout, Task task) throws InterruptedException {
        // TODO Alarm.withAlarm: Schedule the interrupt of this thread; run the task; cancel the alarm and close the executor; then tell
        //   whether the alarm went off, and whose interrupt ended the task.
        throw new UnsupportedOperationException("TODO Alarm.withAlarm");
    }

    /** The child program. */
    public static final class Child {

        private Child() {
        }

        /**
         * A program that cleans up exactly once, however it ends.
         *
         * <p>Starts a ticker: a {@link ScheduledExecutorService} that adds one to a count every 10 ms. Registers a
         * shutdown hook that runs the cleanup. Then prints {@link #READY} and reads standard input line by line,
         * answering {@code TICKS} with {@code TICKS n} (the count so far) and ignoring other lines; when its input
         * ends it stops the ticker and returns, so that the JVM exits with 0.
         *
         * <p>The cleanup stops the ticker and waits for it to end, then prints {@link #CLEANUP}, once. It runs
         * exactly once in every run of the program: when {@code main} returned, and when TERM ended the JVM (which
         * then exits with 143, 128 + TERM's 15). Every line is flushed at once.
         *
         * @throws IOException if standard input cannot be read
         */
        public static void main(String[] args) throws IOException {
            // TODO Alarm.Child.main: Start the ticker; register the hook that cleans up; say READY; answer the input until it ends; stop
            //   the ticker so that the JVM can exit.
            throw new UnsupportedOperationException("TODO Alarm.Child.main");
        }

        private static void say(String line) {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
        }
    }
}
