package parakit.multiprocessing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Q3. A lock between processes: the Java counterpart of the practical's {@code printer(item, lock)} with a
 * {@code multiprocessing.Lock}. Several child JVMs ({@link Printer}) print a line each to one shared output; a
 * line is printed in parts, and a {@link FileLock} on a shared lock file keeps the parts of one line together.
 * A lock object of the parent's cannot do that: the children are other JVMs, with heaps of their own, and a
 * file lock is the operating system's, which every process sees.
 */
public final class PrintLock {

    private PrintLock() {
    }

    /** The lock-file argument that tells a {@link Printer} to take no lock. */
    public static final String NO_LOCK = "-";

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test
     * passes {@code parakit.support.ChildJvm}, a program could run {@code java -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code main} with {@code args} through {@code builder}; the builder's redirection of standard
         * output is kept. The child's standard input and standard error are the launcher's to choose.
         */
        Process start(ProcessBuilder builder, Class<?> main, String... args) throws IOException;
    }

    /** The child program. */
    public static final class Printer {

        private Printer() {
        }

        /**
         * Prints one line in parts to its standard output: {@code args[0]} is the lock file, or {@link #NO_LOCK};
         * {@code args[1..]} are the parts of the line.
         *
         * <p>Unless it is {@link #NO_LOCK}, the printer first opens the lock file for writing (creating it if
         * needed) and takes an exclusive {@link FileLock} on it, waiting for as long as another process holds it.
         * Then, for each part: it reads one line from its standard input (a cue: it does not write the part
         * before the cue has come, or its standard input has ended), prints the part and flushes, so that the
         * part is out before the next cue is read. After the last part it prints a line separator and flushes.
         * Only then does it release the lock. Nothing else is written to standard output.
         */
        public static void main(String[] args) throws IOException {
            // >>> SOLUTION PrintLock.Printer.main
            // Take the lock on the file named by args[0] (unless it is NO_LOCK), print the parts of the line as
            // the contract above says, then release the lock.
            BufferedReader cues = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (args[0].equals(NO_LOCK)) {
                printParts(cues, args);
                return;
            }
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                printParts(cues, args);
            }
            // <<< SOLUTION
        }

        // >>> SOLUTION PrintLock.Printer.helpers
        // Write any helper methods you need here.
        // stub:
        /** Prints args[1..] as one line, each part after its cue, flushed at once. */
        private static void printParts(BufferedReader cues, String[] args) throws IOException {
            for (int i = 1; i < args.length; i++) {
                cues.readLine();
                System.out.print(args[i]);
                System.out.flush();
            }
            System.out.println();
            System.out.flush();
        }
        // <<< SOLUTION
    }

    /**
     * Prints every line in a child process of its own: starts one {@link Printer} per element of {@code lines}
     * through {@code launcher} (a new {@code ProcessBuilder} whose standard output is appended to
     * {@code output}; {@link Printer}; the arguments: {@code lockFile}, or {@link #NO_LOCK} if it is null, then
     * the parts of the line), and waits for every printer to end.
     *
     * <p>The printers run at the same time: every printer is started before this method waits for any of them.
     * When this method returns, every printer has ended. If a printer cannot be started, or the calling thread is
     * interrupted while it waits ({@link InterruptedException}), it first destroys (forcibly) every printer it
     * started and waits for each to end.
     *
     * @param launcher how to start a child JVM
     * @param lockFile the file the printers lock, or null for printers that take no lock
     * @param output   the file every printer appends its line to (created if it does not exist)
     * @param lines    the lines, each as its parts; may be empty (then no printer is started)
     * @throws IOException          if a printer cannot be started
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static void printAll(Launcher launcher, Path lockFile, Path output, List<List<String>> lines)
            throws IOException, InterruptedException {
        // >>> SOLUTION PrintLock.printAll
        // Start a Printer per line, its output appended to the shared file, then wait for them all, as the
        // contract above says.
        List<Process> printers = new ArrayList<>();
        boolean done = false;
        try {
            for (List<String> line : lines) {
                List<String> args = new ArrayList<>();
                args.add(lockFile == null ? NO_LOCK : lockFile.toString());
                args.addAll(line);
                ProcessBuilder builder = new ProcessBuilder()
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
                printers.add(launcher.start(builder, Printer.class, args.toArray(String[]::new)));
            }
            for (Process printer : printers) {
                printer.waitFor();
            }
            done = true;
        } finally {
            if (!done) {
                for (Process printer : printers) {
                    printer.destroyForcibly();
                }
                for (Process printer : printers) {
                    printer.onExit().join();
                }
            }
        }
        // <<< SOLUTION
    }
}
