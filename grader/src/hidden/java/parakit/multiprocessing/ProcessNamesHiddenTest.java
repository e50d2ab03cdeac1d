package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.multiprocessing.ProcessNames.Doubled;
import parakit.multiprocessing.ProcessNames.Launcher;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.WordsChild;

/**
 * Hidden tests for Q2. The child reports the name it sees itself, so the child is the judge of what the parent
 * gave it. Most children run the student's {@code Doubler} as it is; where a test must hold a child (to see that
 * the parent waits for it, or to interrupt the parent while it waits), the child runs {@link Held}, the test's
 * wrapper, which waits for the test's words, given as empty files in a folder of the child's own.
 */
@Question(section = "multiprocessing", number = 2, title = "Names of processes", timeoutSeconds = 30)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader"},
        why = "the parent starts child JVMs, reads their standard output and waits for them")
@Requires(type = System.class, method = "getProperty", in = "ProcessNames.currentName",
        why = "a JVM has no process name: the child reads the one its parent gave it, a system property")
class ProcessNamesHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    private static final Duration PATIENCE = Duration.ofMillis(2_500);

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** The child's side, where the test holds it: before the student's Doubler runs and after it has reported. */
    static final class Held {
        public static void main(String[] args) throws Exception {
            Path words = WordsChild.ownWords();
            WordsChild.say(words, "HELD");
            WordsChild.awaitWord(words, Duration.ofSeconds(30), "GO");
            ProcessNames.Doubler.main(args);
            WordsChild.say(words, "DONE");
            System.out.close();
            WordsChild.awaitWord(words, Duration.ofSeconds(30), "EXIT");
        }
    }

    /** A child that says nothing. */
    static final class Mute {
        public static void main(String[] args) {
            // no report
        }
    }

    /** One child as the test sees it, with the JVM options its parent gave it. */
    record Kid(WordsChild child, List<String> jvmOptions) {
    }

    @TempDir
    Path dir;

    private Set<Long> before;

    private final List<Kid> kids = new CopyOnWriteArrayList<>();

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** Starts the student's main as it is, or (if {@code held}) inside {@link Held}. */
    private Launcher launcher(boolean held, String... told) {
        return (builder, jvmOptions, main, args) -> {
            Path words = Files.createDirectory(dir.resolve("child-" + System.nanoTime()));
            List<String> jvm = new ArrayList<>(JVM);
            jvm.addAll(jvmOptions);
            WordsChild child = WordsChild.start(builder.redirectError(ProcessBuilder.Redirect.INHERIT),
                    held ? Held.class : main, jvm, words, args);
            kids.add(new Kid(child, List.copyOf(jvmOptions)));
            for (String w : told) {
                child.tell(w);
            }
            return child.process();
        };
    }

    private static <T> T within(Duration limit, String what, java.util.concurrent.Callable<T> call) throws Exception {
        Set<Long> now = Children.snapshot();
        return Children.within(limit, now, what, call);
    }

    private static void assertReport(Doubled d, int number, String name) {
        assertThat(d).as("report of the child given %d", number).isNotNull();
        assertThat(d.name()).as("name that the child given %d saw itself", number).isEqualTo(name);
        assertThat(d.number()).as("number in the report of the child given %d", number).isEqualTo(number);
        assertThat(d.result()).as("result in the report of the child given %d", number).isEqualTo(2 * number);
    }

    @Test
    @Points(3)
    @Hint(value = "Default names count the processes one parent has created, from 1: Process-1, Process-2, ... and "
            + "each parent (each ProcessNames object) counts its own. The child must see its name itself. See the "
            + "lesson's Q2.")
    void defaultNamesCountFromOneForEachParent() throws Exception {
        ProcessNames a = new ProcessNames(launcher(false));
        ProcessNames b = new ProcessNames(launcher(false));
        assertReport(within(LIMIT, "run(5)", () -> a.run(5)), 5, "Process-1");
        assertReport(within(LIMIT, "run(6)", () -> b.run(6)), 6, "Process-1");
        assertReport(within(LIMIT, "run(7)", () -> a.run(7)), 7, "Process-2");
        assertThat(kids).as("children started by three calls").hasSize(3);
        assertThat(kids.getFirst().jvmOptions()).as("JVM options of the first child (its name, as a system property)")
                .contains("-D" + ProcessNames.NAME_PROPERTY + "=Process-1");
        assertThat(Children.leftRunning(before, Duration.ofMillis(300))).as("children left running").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "A name of one's choice reaches the child unchanged, spaces and all, and the process still takes "
            + "a number, as in Python: the next default name counts it. See the lesson's Q2.")
    void aChosenNameIsSeenByTheChildAndTakesANumber() throws Exception {
        ProcessNames p = new ProcessNames(launcher(false));
        assertReport(within(LIMIT, "run(2, \"Test worker\")", () -> p.run(2, "Test worker")), 2, "Test worker");
        assertReport(within(LIMIT, "run(3)", () -> p.run(3)), 3, "Process-2");
    }

    @Test
    @Hint("A process that was given no name is the main process. See the lesson's Q2.")
    void thisJvmIsTheMainProcessUnlessNamed() {
        String saved = System.getProperty(ProcessNames.NAME_PROPERTY);
        try {
            System.clearProperty(ProcessNames.NAME_PROPERTY);
            assertThat(ProcessNames.currentName()).as("currentName() of a JVM given no name").isEqualTo("MainProcess");
            System.setProperty(ProcessNames.NAME_PROPERTY, "Named by the test");
            assertThat(ProcessNames.currentName()).as("currentName() of a JVM whose name property is set")
                    .isEqualTo("Named by the test");
        } finally {
            if (saved == null) {
                System.clearProperty(ProcessNames.NAME_PROPERTY);
            } else {
                System.setProperty(ProcessNames.NAME_PROPERTY, saved);
            }
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Two calls at the same time must take two numbers, each its own, and neither may wait for the "
            + "other's child: the number is taken when the process is created, not after it ran. See the lesson's "
            + "Q2.")
    void twoCallsAtOnceTakeTwoNumbersAndDoNotWaitForEachOther() throws Exception {
        CountDownLatch inside = new CountDownLatch(2);
        AtomicBoolean apart = new AtomicBoolean();
        Launcher plain = launcher(false);
        ProcessNames p = new ProcessNames((builder, jvmOptions, main, args) -> {
            inside.countDown();
            try {
                if (!inside.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    apart.set(true); // this call waited in vain for the other one to start its child
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding the launch", e);
            }
            return plain.start(builder, jvmOptions, main, args);
        });
        CompletableFuture<Doubled> first = call("first-caller", () -> p.run(11));
        CompletableFuture<Doubled> second = call("second-caller", () -> p.run(12));
        Doubled d1 = get(first, "run(11)");
        Doubled d2 = get(second, "run(12)");
        assertThat(apart.get()).as("both calls were starting their children at the same time (one did not wait "
                + "for the other)").isFalse();
        assertThat(List.of(d1.name(), d2.name())).as("names of the children of two calls at once")
                .containsExactlyInAnyOrder("Process-1", "Process-2");
        assertThat(d1.result() + d2.result()).as("results of two calls at once").isEqualTo(46);
    }

    private static <T> CompletableFuture<T> call(String name, java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static <T> T get(CompletableFuture<T> f, String what) throws Exception {
        return Children.result(f, LIMIT, what);
    }

    @Test
    @Hint(value = "A name must be given (not null) and not empty, which is checked before any process is created "
            + "or counted. See the lesson's Q2.")
    void aMissingOrEmptyNameIsRejectedBeforeAnyProcess() throws Exception {
        ProcessNames p = new ProcessNames(launcher(false));
        Class<?> nullName = null;
        try {
            p.run(1, null);
        } catch (NullPointerException e) {
            nullName = e.getClass();
        }
        assertThat(nullName).as("what run(1, null) threw").isEqualTo(NullPointerException.class);
        Class<?> emptyName = null;
        try {
            p.run(1, "");
        } catch (IllegalArgumentException e) {
            emptyName = e.getClass();
        }
        assertThat(emptyName).as("what run(1, \"\") threw").isEqualTo(IllegalArgumentException.class);
        assertThat(kids).as("children started for a missing or an empty name").isEmpty();
        assertReport(within(LIMIT, "run(4)", () -> p.run(4)), 4, "Process-1");
    }

    @Test
    @Hint("A child that ends without its line is an IOException for the caller. See the lesson's Q2.")
    void aChildWithoutItsLineIsAnIOException() throws Exception {
        ProcessNames p = new ProcessNames((builder, jvmOptions, main, args) ->
                ChildJvm.start(builder, Mute.class, JVM, args));
        Exception thrown = null;
        try {
            within(LIMIT, "run(3) of a child that says nothing", () -> p.run(3));
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("what run threw when its child said nothing").isInstanceOf(IOException.class);
        assertThat(Children.leftRunning(before, Duration.ofMillis(300))).as("children left running").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "run must wait for its child to end before it returns, not only read its line. See the lesson's "
            + "Q1 and Q2.", when = "still running")
    @Hint(value = "An interrupted parent throws InterruptedException, and its child must not run on with nobody "
            + "waiting for it. See the lesson's Q1 on interrupts.", when = "interrupt")
    void theChildIsWaitedForAndEndedWhenTheCallerIsInterrupted() throws Exception {
        ProcessNames p = new ProcessNames(launcher(true, "GO"));
        CompletableFuture<Doubled> waited = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("run-caller").daemon(true).start(() -> {
            try {
                waited.complete(p.run(9, "Held"));
            } catch (Throwable t) {
                waited.completeExceptionally(t);
            }
        });
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (kids.isEmpty() && !waited.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        if (waited.isDone()) {
            get(waited, "run(9, Held)");
        }
        assertThat(kids).as("children started by run(9, Held)").hasSize(1);
        kids.getFirst().child().awaitSaid("DONE", LIMIT);
        deadline = System.nanoTime() + LIMIT.toNanos();
        while (caller.getState() != Thread.State.WAITING && !waited.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(waited.isDone()).as("run returned while its child was still running").isFalse();
        caller.interrupt();
        Exception thrown = null;
        try {
            get(waited, "an interrupted run(9, Held)");
        } catch (InterruptedException e) {
            thrown = e;
        }
        assertThat(thrown).as("what run threw when interrupted while it waited for its child").isNotNull();
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("children still running after run was interrupted").isEmpty();
        Await.joined(LIMIT, caller);
    }
}
