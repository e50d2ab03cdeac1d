package parakit.subprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Q5. A pipeline of three processes without a shell: the Java counterpart of the practical's three chained
 * {@code Popen}s that reproduce {@code cat FILE | grep TEXT | cut -f 3 -d:}.
 */
public final class Pipeline {

    private Pipeline() {
    }

    /**
     * Thrown when a stage of the pipeline failed: it says which stage (0 for {@code cat}, 1 for {@code grep},
     * 2 for {@code cut}), its command and its exit code. Immutable.
     */
    public static final class StageFailedException extends Exception {

        private static final long serialVersionUID = 1L;

        private final int stage;
        private final List<String> command;
        private final int exitCode;

        /** A failure of stage {@code stage}, which ran {@code command} and exited with {@code exitCode}. */
        public StageFailedException(int stage, List<String> command, int exitCode) {
            super("stage " + stage + " " + command + " exited with " + exitCode);
            this.stage = stage;
            this.command = List.copyOf(command);
            this.exitCode = exitCode;
        }

        /** The failing stage's index: 0 for cat, 1 for grep, 2 for cut. */
        public int stage() {
            return stage;
        }

        /** The failing stage's command, unmodifiable. */
        public List<String> command() {
            return command;
        }

        /** The failing stage's exit code. */
        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * Runs {@code cat FILE | grep -e TEXT | cut -f 3 -d:} as three processes connected by pipes, without a shell,
     * and returns the lines the last one writes.
     *
     * <p>The three commands are exactly {@code [cat, file]}, {@code [grep, -e, text]} and
     * {@code [cut, -f, 3, -d:]} (so {@code file} and {@code text} are single arguments, whatever they contain).
     * The three run at the same time, each one's standard output feeding the next one's standard input; their
     * standard errors are this JVM's. The output of the last is read as UTF-8, one element per line, without the
     * line end.
     *
     * <p>Every stage is waited for. A stage fails when it exits with a non-zero code, except {@code grep} with
     * exit code 1, which means "no line selected" (then the result is empty). When a stage fails, the first
     * failing stage in pipeline order is reported. When this method returns or throws
     * {@link StageFailedException}, all three processes have ended.
     *
     * @param file the file {@code cat} reads
     * @param text the pattern {@code grep} selects lines with
     * @return the lines {@code cut} wrote, in order
     * @throws StageFailedException if a stage failed: the first failing one, with its index, command and code
     * @throws IOException          if a process cannot be started or the output cannot be read
     * @throws InterruptedException if the calling thread is interrupted while it waits for the stages
     */
    public static List<String> run(String file, String text)
            throws StageFailedException, IOException, InterruptedException {
        // TODO Pipeline.run: Build the three commands, start them connected as one pipeline (standard errors inherited), read all
        //   the lines of the last one's output, then wait for every stage and report the first one that failed.
        throw new UnsupportedOperationException("TODO Pipeline.run");
    }
}
