package parakit.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A child JVM that a test holds and paces through "words": empty files in a folder of the child's own, for the
 * multiprocessing questions' tests, whose children run inside a wrapper of the test's (a nested class with a
 * {@code main} that says a word, waits for one, then calls the student's {@code main}).
 *
 * <p>The folder is named to the child by the system property {@link #WORDS}. A word is said by creating the file
 * of that name and heard by seeing that it exists, so words go both ways, also after {@code Process.destroy()}
 * has closed the parent's ends of the child's pipes. The static methods are the child's side (and the test's, to
 * tell a word); an instance is one child as the test sees it: its process, its arguments and its folder.
 * The test must end the process itself (destroy it, or wait for it), as with {@link ChildJvm}.
 */
public final class WordsChild {

    /** The system property that names a child's folder of words. */
    public static final String WORDS = "parakit.test.words";

    /** The word a wrapper says, with {@link #sayStarted()}, just before it calls the student's {@code main}. */
    public static final String STARTED = "STARTED";

    private final Process process;

    private final List<String> args;

    private final Path words;

    private final long launchedNanos = System.nanoTime();

    private WordsChild(Process process, List<String> args, Path words) {
        this.process = process;
        this.args = args;
        this.words = words;
    }

    /**
     * Starts {@code main} with {@code args} in a child JVM ({@link ChildJvm#start}) with {@code jvmOptions} and,
     * after them, {@code -Dparakit.test.words=<words>}.
     *
     * @param words the child's folder of words, which must exist and be empty
     */
    public static WordsChild start(ProcessBuilder builder, Class<?> main, List<String> jvmOptions, Path words,
            String... args) throws IOException {
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-D" + WORDS + "=" + words);
        Process process = ChildJvm.start(builder, main, jvm, args);
        return new WordsChild(process, List.of(args), words);
    }

    /** The child's side: its folder of words, as the system property {@link #WORDS} names it. */
    public static Path ownWords() {
        return Path.of(System.getProperty(WORDS));
    }

    /**
     * The child's side: says {@link #STARTED} in its folder of words.
     *
     * @throws IOException if the word cannot be said, or was said before
     */
    public static void sayStarted() throws IOException {
        Files.createFile(ownWords().resolve(STARTED));
    }

    /** Whether {@code word} has been said in the folder {@code words}. */
    public static boolean heard(Path words, String word) {
        return Files.exists(words.resolve(word));
    }

    /** Says {@code word} in the folder {@code words}; a word said before, or one that cannot be said, is let be. */
    public static void say(Path words, String word) {
        try {
            Files.createFile(words.resolve(word));
        } catch (IOException e) {
            // said before
        }
    }

    /**
     * Waits, checking every 2 ms, until any of {@code any} has been said in the folder {@code words}, or
     * {@code within} has passed; returns either way.
     */
    public static void awaitWord(Path words, Duration within, String... any) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String w : any) {
                if (heard(words, w)) {
                    return;
                }
            }
            Thread.sleep(2);
        }
    }

    /**
     * Waits, checking every 5 ms, until {@code children} holds {@code n} or more children and every one of them
     * has said {@link #STARTED}, or {@code call} is done, or {@code within} has passed; returns either way.
     *
     * @param children the list the test's launcher adds each child to as it starts it (thread-safe)
     */
    public static void awaitStarted(List<WordsChild> children, int n, Future<?> call, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while ((children.size() < n || !children.stream().allMatch(WordsChild::started)) && !call.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** The child's process. */
    public Process process() {
        return process;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The arguments the child was started with (after its main class). */
    public List<String> args() {
        return args;
    }

    /** The child's folder of words. */
    public Path words() {
        return words;
    }

    /** {@link System#nanoTime()} when this object was made, just after the child's process was started. */
    public long launchedNanos() {
        return launchedNanos;
    }

    /** Tells the child {@code word} (see {@link #say}). */
    public void tell(String word) {
        say(words, word);
    }

    /** Whether the child has said {@code word}. */
    public boolean said(String word) {
        return heard(words, word);
    }

    /** Whether the child has said {@link #STARTED}. */
    public boolean started() {
        return said(STARTED);
    }

    /**
     * Waits, checking every 2 ms, until the child has said {@code word}, has ended, or {@code within} has passed.
     *
     * @return whether it has said {@code word}
     */
    public boolean awaitSaid(String word, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!said(word) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return said(word);
    }

    /**
     * Writes one cue line (a newline) to the child's standard input and flushes it; a child whose input is
     * closed or gone cannot hear it, and that is let be.
     */
    public void cue() {
        try {
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            // the child has ended
        }
    }
}
