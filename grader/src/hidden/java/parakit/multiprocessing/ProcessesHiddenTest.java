package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.multiprocessing.Processes.Doubled;
import parakit.multiprocessing.Processes.Launcher;
import parakit.multiprocessing.Processes.Outcome;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.WordsChild;

/**
 * Hidden tests for Q1. Every child runs {@link Held}, the test's wrapper around the student's {@code Doubler}: it
 * waits for the test's word before it doubles ({@code GO}), closes its standard output when it has reported (so a
 * parent reading to the end is not held), and then lives on until the test says {@code EXIT}. A TERM signal
 * meanwhile is noted ({@code TERM}), and the JVM ends only once the test says {@code EXIT}. Words go both ways as
 * empty files in a folder of the child's own (named by a system property): {@code Process.destroy()} closes the
 * parent's ends of the child's pipes, so no pipe can carry them. That is how the test knows, without sleeping,
 * when a child is held, has reported or was told to end.
 */
@Question(section = "multiprocessing", number = 1, title = "Starting, waiting for and terminating processes",
        timeoutSeconds = 30)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader"},
        why = "the parent starts child JVMs, reads their standard output and waits for them; the child reports its pid")
@Requires(type = ProcessHandle.class, method = "pid", in = "Processes",
        why = "the child reports its own process id, ProcessHandle.current().pid(), as os.getpid() does in Python")
class ProcessesHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    /** How long a test waits for something only a wrong solution fails to do (all children started, ...). */
    private static final Duration PATIENCE = Duration.ofMillis(2_500);

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final String GO = "GO";

    private static final String MUTE = "MUTE";

    private static final String EXIT = "EXIT";

    /** The child's side: the test holds the student's Doubler before it runs and after it has reported. */
    static final class Held {
        public static void main(String[] args) throws Exception {
            Path words = WordsChild.ownWords();
            AtomicBoolean finished = new AtomicBoolean();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!finished.get()) {
                    WordsChild.say(words, "TERM");
                    try {
                        WordsChild.awaitWord(words, Duration.ofSeconds(30), EXIT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            WordsChild.say(words, "HELD");
            WordsChild.awaitWord(words, Duration.ofSeconds(30), GO, MUTE);
            if (!WordsChild.heard(words, MUTE)) {
                Processes.Doubler.main(args);
                WordsChild.say(words, "DONE");
                System.out.close();
                WordsChild.awaitWord(words, Duration.ofSeconds(30), EXIT);
            }
            finished.set(true);
        }
    }

    private Set<Long> before;

    private final List<WordsChild> kids = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** A launcher that starts {@link Held} (the student's Doubler inside) and, if {@code words} are given, tells them at once. */
    private Launcher launcher(String... told) {
        return (builder, main, args) -> {
            Path words = Files.createDirectory(dir.resolve("child-" + kids.size()));
            WordsChild kid = WordsChild.start(builder.redirectError(ProcessBuilder.Redirect.INHERIT), Held.class, JVM,
                    words, args);
            kids.add(kid);
            for (String w : told) {
                kid.tell(w);
            }
            return kid.process();
        };
    }

    /** A call of the code under test on a platform thread of the test's, whose state the test can look at. */
    private static final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Thread thread;

        Call(String name, java.util.concurrent.Callable<T> call) {
            thread = Thread.ofPlatform().name(name).daemon(true).start(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        }

        T get(Duration within, String what) throws Exception {
            try {
                return result.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw new AssertionError(e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError(what + " did not return within " + within.toMillis() + " ms:\n"
                        + Await.describe(thread));
            }
        }

        /** Waits until the caller is WAITING (or TIMED_WAITING if {@code timedToo}), or the call is over. */
        boolean awaitWaitingOrDone(Duration within, boolean timedToo) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!result.isDone() && System.nanoTime() < deadline) {
                Thread.State s = thread.getState();
                if (s == Thread.State.WAITING || timedToo && s == Thread.State.TIMED_WAITING) {
                    return true;
                }
                Thread.sleep(2);
            }
            return result.isDone();
        }
    }

    private void awaitLaunched(int n, Call<?> call) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (kids.size() < n && !call.result.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private void tellAll(String word) {
        kids.forEach(k -> k.tell(word));
    }

    private void assertDoubledByItsOwnChild(Doubled d, int number, WordsChild kid) {
        assertThat(d.number()).as("number in the report of the child given %d", number).isEqualTo(number);
        assertThat(d.result()).as("result in the report of the child given %d", number).isEqualTo(2 * number);
        assertThat(d.pid()).as("pid in the report of the child given %d: the pid that child reported (its own), "
                + "not the parent's", number).isNotEqualTo(ProcessHandle.current().pid()).isEqualTo(kid.pid());
    }

    @Test
    @Points(3)
    @Hint(value = "Every child must be started before the parent waits for any of them, so that they run at the "
            + "same time (start all, then join all, as in the practical's two loops). See the lesson's Q1.",
            when = "at the same time")
    @Hint(value = "The reports come back in the order of the numbers, whatever the order in which the children "
            + "finish, and each carries the pid its child reported about itself. See the lesson's Q1 on pids.",
            when = "report")
    @Hint(value = "The parent must wait for every child to end before it returns, not only read its output: a child "
            + "may still be running after its last line. See the lesson's Q1 on waitFor.", when = "still running")
    void threeChildrenRunAtOnceAndReportInTheOrderOfTheNumbers() throws Exception {
        Call<List<Doubled>> call = new Call<>("doubleAll-caller",
                () -> Processes.doubleAll(launcher(), List.of(5, 10, 15)));
        awaitLaunched(3, call);
        if (call.result.isDone()) {
            call.get(LIMIT, "doubleAll");
        }
        assertThat(kids).as("children started while none of them could finish (they must run at the same time)")
                .hasSize(3);
        for (int i = 2; i >= 0; i--) { // the last number's child finishes first
            WordsChild kid = kids.get(i);
            kid.tell(GO);
            assertThat(kid.awaitSaid("DONE", LIMIT)).as("child %d doubled its number", i + 1).isTrue();
        }
        call.awaitWaitingOrDone(LIMIT, false);
        assertThat(call.result.isDone() && kids.stream().anyMatch(k -> k.process().isAlive()))
                .as("doubleAll returned while its children were still running").isFalse();
        tellAll(EXIT);
        List<Doubled> r = call.get(LIMIT, "doubleAll([5, 10, 15])");
        assertThat(r).as("number of reports of doubleAll([5, 10, 15])").hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertDoubledByItsOwnChild(r.get(i), List.of(5, 10, 15).get(i), kids.get(i));
        }
        assertThat(Children.leftRunning(before, Duration.ZERO)).as("children still running when doubleAll returned")
                .isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "The parent must wait for every child to end before it returns, not only read its output: a child "
            + "may still be running after its last line. See the lesson's Q1 on waitFor.", when = "still running")
    @Hint("One number is one child. See the lesson's Q1.")
    void aSingleChildIsWaitedFor() throws Exception {
        Call<List<Doubled>> call = new Call<>("doubleAll-caller", () -> Processes.doubleAll(launcher(GO), List.of(-21)));
        awaitLaunched(1, call);
        if (!kids.isEmpty()) {
            kids.getFirst().awaitSaid("DONE", LIMIT);
        }
        call.awaitWaitingOrDone(LIMIT, false);
        assertThat(call.result.isDone() && kids.stream().anyMatch(k -> k.process().isAlive()))
                .as("doubleAll returned while its child was still running").isFalse();
        tellAll(EXIT);
        List<Doubled> r = call.get(LIMIT, "doubleAll([-21])");
        assertThat(kids).as("children started for one number").hasSize(1);
        assertThat(r).as("reports of doubleAll([-21])").hasSize(1);
        assertDoubledByItsOwnChild(r.getFirst(), -21, kids.getFirst());
        assertThat(Children.leftRunning(before, Duration.ZERO)).as("children still running when doubleAll returned")
                .isEmpty();
    }

    @Test
    @Hint("No numbers, no children and no reports, from any calling thread. See the lesson's Q1.")
    void noNumbersStartNoChild() throws Exception {
        for (Caller caller : Callers.all()) {
            List<Doubled> r = caller.call(LIMIT, () -> Processes.doubleAll(launcher(), List.of()));
            assertThat(r).as("reports of doubleAll([]) from a %s", caller.describe()).isEmpty();
        }
        assertThat(kids).as("children started for no numbers").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "A child that ends without its report is an IOException for the caller, and the children already "
            + "started must not be left running: end them and wait for them first. See the lesson's Q1.")
    void aChildThatDoesNotReportIsAnIOExceptionAndEndsTheOthers() throws Exception {
        Launcher launcher = (builder, main, args) -> {
            Process p = launcher().start(builder, main, args);
            kids.getLast().tell(kids.size() == 1 ? MUTE : "WAIT"); // the first ends silently, the second is held
            return p;
        };
        Call<List<Doubled>> call = new Call<>("doubleAll-caller", () -> Processes.doubleAll(launcher, List.of(1, 2)));
        Exception thrown = null;
        try {
            call.get(LIMIT, "doubleAll([1, 2]) whose first child says nothing");
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("what doubleAll threw when its first child ended without a report").isNotNull();
        assertThat(kids).as("children started").hasSize(2);
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("children still running when doubleAll threw (the second one is never told to end)").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupted parent throws InterruptedException, and its children must not run on with nobody "
            + "waiting for them: end them first. See the lesson's Q1 on interrupts.")
    void anInterruptedDoubleAllEndsItsChildren() throws Exception {
        Call<List<Doubled>> call = new Call<>("doubleAll-caller", () -> Processes.doubleAll(launcher(GO), List.of(3, 4)));
        awaitLaunched(2, call);
        for (WordsChild kid : kids) {
            kid.awaitSaid("DONE", LIMIT);
        }
        assertThat(call.awaitWaitingOrDone(LIMIT, false) && !call.result.isDone())
                .as("doubleAll waiting for its children (which live on after they reported)").isTrue();
        call.thread.interrupt();
        Exception thrown = null;
        try {
            call.get(LIMIT, "an interrupted doubleAll");
        } catch (InterruptedException e) {
            thrown = e;
        }
        assertThat(thrown).as("what doubleAll threw when interrupted while it waited").isNotNull();
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("children still running after doubleAll was interrupted").isEmpty();
    }

    @Test
    @Points(3)
    @Hint(value = "A child still running at the limit must be terminated then: waiting for its end (or for its "
            + "output) waits for ever, and terminating before the limit ends a child that might have finished. "
            + "See the lesson's Q1 on terminate.", when = "terminat")
    @Hint(value = "A terminated child may take a moment to end: wait for it before returning, as join() does "
            + "after terminate(). See the lesson's Q1.", when = "still running")
    void aChildStillRunningAtTheLimitIsTerminatedThenAndWaitedFor() throws Exception {
        Duration limit = Duration.ofMillis(300);
        Call<Outcome> call = new Call<>("doubleWithin-caller",
                () -> Processes.doubleWithin(launcher(), 7, 0, limit));
        awaitLaunched(1, call);
        if (kids.isEmpty()) {
            call.get(LIMIT, "doubleWithin");
            fail("doubleWithin started no child");
        }
        WordsChild kid = kids.getFirst();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!kid.said("TERM") && kid.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        long termMillis = (System.nanoTime() - kid.launchedNanos()) / 1_000_000;
        assertThat(kid.said("TERM") || !kid.process().isAlive())
                .as("a child held for ever was terminated within %d ms of a %d ms limit", LIMIT.toMillis(),
                        limit.toMillis()).isTrue();
        assertThat(termMillis).as("ms from the start of the child to its termination (limit %d ms)",
                limit.toMillis()).isGreaterThanOrEqualTo(limit.toMillis());
        if (kid.process().isAlive()) { // TERM arrived: the child ends only when the test says so
            call.awaitWaitingOrDone(LIMIT, true);
            assertThat(call.result.isDone()).as("doubleWithin returned while the child it terminated was still "
                    + "running").isFalse();
            kid.tell(EXIT);
        }
        Outcome o = call.get(LIMIT, "doubleWithin of a child held for ever");
        assertThat(o.terminated()).as("whether the outcome says the child was terminated").isTrue();
        assertThat(o.doubled()).as("report of a terminated child").isNull();
        assertThat(kid.process().isAlive()).as("the terminated child still running when doubleWithin returned")
                .isFalse();
        assertThat(o.exitCode()).as("exit code in the outcome of a terminated child (the one it ended with)")
                .isEqualTo(kid.process().exitValue());
        assertThat(kid.args()).as("arguments of the child (number, workMillis)").containsExactly("7", "0");
    }

    @Test
    @Points(2)
    @Hint("A child that ends within the limit is not terminated: its report and exit code come back, as soon as it "
            + "has ended. See the lesson's Q1.")
    void aChildThatEndsWithinTheLimitIsNotTerminated() throws Exception {
        Call<Outcome> call = new Call<>("doubleWithin-caller",
                () -> Processes.doubleWithin(launcher(), 6, 40, Duration.ofSeconds(30)));
        awaitLaunched(1, call);
        assertThat(call.awaitWaitingOrDone(LIMIT, true) && !call.result.isDone())
                .as("doubleWithin waiting for its child, which the test holds").isTrue();
        tellAll(GO);
        tellAll(EXIT);
        Outcome o = call.get(LIMIT, "doubleWithin(6, 40 ms, limit 30 s) of a child that ends at once");
        assertThat(o.terminated()).as("terminated, for a child that ended well within its limit").isFalse();
        assertThat(o.doubled()).as("report of a child that ended in time").isNotNull();
        assertDoubledByItsOwnChild(o.doubled(), 6, kids.getFirst());
        assertThat(o.exitCode()).as("exit code of a child that ended by itself").isZero();
        assertThat(kids.getFirst().args()).as("arguments of the child (number, workMillis)").containsExactly("6", "40");
    }

    @Test
    @Hint(value = "An interrupted parent throws InterruptedException, and its child must not run on with nobody "
            + "waiting for it: end it first. See the lesson's Q1 on interrupts.")
    void anInterruptedDoubleWithinEndsItsChild() throws Exception {
        Call<Outcome> call = new Call<>("doubleWithin-caller",
                () -> Processes.doubleWithin(launcher(), 8, 0, Duration.ofSeconds(30)));
        awaitLaunched(1, call);
        assertThat(call.awaitWaitingOrDone(LIMIT, true) && !call.result.isDone())
                .as("doubleWithin waiting for its child, which the test holds").isTrue();
        call.thread.interrupt();
        Exception thrown = null;
        try {
            call.get(LIMIT, "an interrupted doubleWithin");
        } catch (InterruptedException e) {
            thrown = e;
        }
        assertThat(thrown).as("what doubleWithin threw when interrupted while it waited").isNotNull();
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("children still running after doubleWithin was interrupted").isEmpty();
    }
}
