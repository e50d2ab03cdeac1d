package parakit.multiprocessing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Q4. Logging from several processes: the Java counterpart of the practical's {@code log_to_stderr()} and
 * {@code get_logger()} in processes. Several child JVMs ({@link Logger}) append records to one log file; each
 * record is one whole line, written with one write to a file opened in append mode, so that no record is lost,
 * none is torn, and each says which process wrote it.
 */
public final class ProcessLogging {

    private ProcessLogging() {
    }

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test
     * passes {@code parakit.support.ChildJvm}, a program could run {@code java -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code main} with {@code args} through {@code builder}. The child's standard input and standard
         * error are the launcher's to choose.
         */
        Process start(ProcessBuilder builder, Class<?> main, String... args) throws IOException;
    }

    /**
     * Appends one record to {@code file} (creating it if needed): the line {@code [INFO/name pid] message}
     * followed by a line separator, {@code pid} being this process's id. The whole line is written with one write
     * to the file opened in append mode, so it lands at the end of the file, whole, whatever other processes
     * append at the same time; when this method returns, the record is in the file.
     *
     * @param file    the log file
     * @param name    the name of the process that logs
     * @param message the message, on one line
     * @throws IllegalArgumentException if {@code message} holds a line break ({@code \n} or {@code \r})
     * @throws IOException              if the file cannot be written
     */
    public static void log(Path file, String name, String message) throws IOException {
        // >>> SOLUTION ProcessLogging.log
        // Check the message; append the record as the contract above says.
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a log message must be one line");
        }
        String record = "[INFO/" + name + " " + ProcessHandle.current().pid() + "] " + message
                + System.lineSeparator();
        Files.write(file, record.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        // <<< SOLUTION
    }

    /** The child program. */
    public static final class Logger {

        private Logger() {
        }

        /**
         * Logs {@code args[2]} records to the file {@code args[0]} as the process named {@code args[1]}: the
         * messages {@code record 0}, {@code record 1}, ... Before each record it reads one line from its standard
         * input (a cue: it does not log before the cue has come, or its standard input has ended).
         */
        public static void main(String[] args) throws IOException {
            // >>> SOLUTION ProcessLogging.Logger.main
            // For each record: wait for its cue, then log it.
            Path file = Path.of(args[0]);
            int count = Integer.parseInt(args[2]);
            BufferedReader cues = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (int i = 0; i < count; i++) {
                cues.readLine();
                log(file, args[1], "record " + i);
            }
            // <<< SOLUTION
        }
    }

    /**
     * Logs from one child process per name: starts one {@link Logger} per element of {@code names} through
     * {@code launcher} (a new {@code ProcessBuilder}; {@link Logger}; the arguments {@code file}, the name and
     * {@code count}), and waits for every logger to end. The loggers run at the same time: every one is started
     * before this method waits for any. If the calling thread is interrupted while it waits, every logger still
     * running is destroyed (forcibly) and waited for, then {@link InterruptedException} is thrown.
     *
     * @param launcher how to start a child JVM
     * @param file     the log file they all append to
     * @param names    the loggers' names; may be empty
     * @param count    how many records each logger logs, at least 0
     * @throws IOException          if a logger cannot be started
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static void logAll(Launcher launcher, Path file, List<String> names, int count)
            throws IOException, InterruptedException {
        // >>> SOLUTION ProcessLogging.logAll
        // Start a Logger per name, then wait for them all, as the contract above says.
        List<Process> loggers = new ArrayList<>();
        boolean done = false;
        try {
            for (String name : names) {
                loggers.add(launcher.start(new ProcessBuilder(), Logger.class, file.toString(), name,
                        String.valueOf(count)));
            }
            for (Process logger : loggers) {
                logger.waitFor();
            }
            done = true;
        } finally {
            if (!done) {
                for (Process logger : loggers) {
                    logger.destroyForcibly();
                }
                for (Process logger : loggers) {
                    logger.onExit().join();
                }
            }
        }
        // <<< SOLUTION
    }
}
