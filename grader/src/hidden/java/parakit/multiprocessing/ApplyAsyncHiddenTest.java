package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.multiprocessing.ApplyAsync.Launcher;
import parakit.multiprocessing.ApplyAsync.RemoteFunction;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.HeldTasks;
import parakit.support.Hint;

/**
 * Hidden tests for multiprocessing Q7. Every call runs in a child JVM started by the test's launcher (the classes
 * under test exist only in this JVM's memory, {@code ChildJvm} hands them over), which records each process it
 * starts. A task is held in its child with {@link HeldTasks} (it says READY with its pid over a loopback socket and
 * waits for the test's word), never by a sleep. One launcher wraps the student's child in {@link SlowExit}, which
 * stays alive 600 ms after the student's main has returned, so that a future completed before its child has ended
 * is seen every time.
 */
@Question(section = "multiprocessing", number = 7, title = "Calling a function in another process with applyAsync",
        timeoutSeconds = 20)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle", "java.lang.System#in",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedInputStream", "java.io.BufferedOutputStream",
        "java.io.DataInputStream", "java.io.DataOutputStream", "java.io.FilterInputStream",
        "java.io.FilterOutputStream", "java.io.ObjectInputStream",
        "java.io.ObjectOutputStream", "java.io.ObjectStreamException", "java.io.NotSerializableException",
        "java.io.InvalidClassException", "java.io.WriteAbortedException", "java.io.EOFException"},
        why = "the call runs in a child JVM (ProcessBuilder through the launcher); the function, its arguments and "
                + "its result cross the process boundary with java.io serialization on the child's pipes")
@Requires(type = ObjectOutputStream.class, method = "writeObject", in = "ApplyAsync",
        why = "the function, its arguments and its answer cross the process boundary with Java serialization "
                + "(ObjectOutputStream.writeObject)")
class ApplyAsyncHiddenTest {

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Xlog:disable", "-Xlog:all=warning:stderr");

    /** How long a call may take to return, a child to start, a future to complete: only wrong code waits that long. */
    private static final Duration WITHIN = Duration.ofSeconds(8);

    /** Runs another class's main (args[0]), then stays alive 600 ms: a child that is slow to exit. */
    static final class SlowExit {
        public static void main(String[] args) throws Exception {
            Class<?> main = Class.forName(args[0], true, SlowExit.class.getClassLoader());
            Method m = main.getDeclaredMethod("main", String[].class);
            m.setAccessible(true);
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            m.invoke(null, (Object) rest);
            System.out.flush();
            Thread.sleep(600);
        }
    }

    /** A record that crosses the boundary (serializable: written as its components). */
    record Point(int x, int y) implements Serializable {
    }

    /** A record that cannot cross: it does not implement Serializable. */
    record Plain(int x) {
    }

    private Set<Long> before;

    private final List<Process> launched = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private Launcher launcher(boolean slowExit) {
        return (builder, main, args) -> {
            Process p;
            if (slowExit) {
                String[] all = new String[args.length + 1];
                all[0] = main.getName();
                System.arraycopy(args, 0, all, 1, args.length);
                p = ChildJvm.start(builder, SlowExit.class, JVM, all);
            } else {
                p = ChildJvm.start(builder, main, JVM, args);
            }
            launched.add(p);
            return p;
        };
    }

    /** applyAsync, which must return at once: a call that blocks fails here (and its children are killed). */
    private <R> Future<R> call(Launcher launcher, RemoteFunction<R> f, Object arguments) throws Exception {
        return Children.within(Duration.ofSeconds(3), before, "applyAsync (it must return at once, not wait)",
                () -> ApplyAsync.applyAsync(launcher, f, arguments));
    }

    /** The future's result, or fails if get() does not return in time (a future that is never completed). */
    private static <R> R result(Future<R> f, String what) throws Exception {
        try {
            return f.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("get() of " + what + " did not return within " + WITHIN.toMillis()
                    + " ms: the future was never completed (a hang)");
        }
    }

    /** What get() threw: the cause of its ExecutionException; fails if get() returned or did not return in time. */
    private static Throwable failure(Future<?> f, String what) throws Exception {
        try {
            Object value = result(f, what);
            return fail("get() of " + what + " returned " + value + " instead of throwing an ExecutionException");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    // ---- the functions the tests send (serializable lambdas: their target type is RemoteFunction) ------------

    /** args = [port, n]: holds until the test's word, then returns [2n, the pid it ran in]. */
    private static final RemoteFunction<List<Long>> HELD_DOUBLER = args -> {
        HeldTasks.hold((Integer) args.get(0));
        return List.of(((Integer) args.get(1)) * 2L, ProcessHandle.current().pid());
    };

    /** The arguments it received, as text: "size:a|b|c". */
    private static final RemoteFunction<String> ECHO = args -> args.size() + ":"
            + args.stream().map(String::valueOf).collect(Collectors.joining("|"));

    // ---- the tests ---------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(value = "applyAsync must return the future at once and let the call run in a child JVM on its own: "
            + "it must not wait for the child or the function. See the lesson's Q7 on what returns at once.",
            when = "at once")
    @Hint(value = "The call must run in another process, a child JVM started with the launcher, one child per "
            + "call, so that two calls run at the same time. See the lesson's Q7.", when = "process")
    @Hint(value = "The future is complete only once the child has ended: wait for the child process before you "
            + "hand over the result. See the lesson's Q7 on ending the child.", when = "ended")
    void returnsAtOnceAndEachCallRunsInAChildOfItsOwn() throws Exception {
        try (HeldTasks held = new HeldTasks()) {
            ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
            Launcher launcher = launcher(true);
            Future<List<Long>> first = call(launcher, HELD_DOUBLER, List.of(held.port(), 25));
            Future<List<Long>> second = call(launcher, HELD_DOUBLER, List.of(held.port(), 4));
            HeldTasks.Held a = held.awaitReady(WITHIN);
            HeldTasks.Held b = held.awaitReady(WITHIN);
            assertThat(first.isDone() || second.isDone())
                    .as("a future was done while both calls were still held in their children (applyAsync must "
                            + "return at once, and the result come from the child)").isFalse();
            long self = ProcessHandle.current().pid();
            assertThat(List.of(a.pid(), b.pid())).as("pids of the processes that ran the two held calls (other "
                    + "processes than this JVM, one per call, both running at once)")
                    .doesNotContain(self).doesNotHaveDuplicates();
            assertThat(launched.stream().map(Process::pid).toList())
                    .as("the processes the launcher started (the calls ran in them)").contains(a.pid(), b.pid());
            a.release("go");
            b.release("go");
            List<Long> r1 = result(first, "applyAsync(heldDoubler, [port, 25])");
            assertThat(childOf(r1.get(1)).isAlive()).as("child still alive when get() returned (the future must "
                    + "be completed only once the child has ended)").isFalse();
            List<Long> r2 = result(second, "applyAsync(heldDoubler, [port, 4])");
            assertThat(childOf(r2.get(1)).isAlive()).as("child still alive when get() returned (the future must "
                    + "be completed only once the child has ended)").isFalse();
            assertThat(List.of(r1.get(0), r2.get(0))).as("results of the two calls (doubler in the child)")
                    .containsExactly(50L, 8L);
            assertThat(ThreadLeaks.leftRunning(threads, Duration.ofMillis(500)))
                    .as("threads left running after both results returned (each call's thread must finish)")
                    .isEmpty();
        }
    }

    private Process childOf(long pid) {
        synchronized (launched) {
            return launched.stream().filter(p -> p.pid() == pid).findFirst()
                    .orElseThrow(() -> new AssertionError("process " + pid + " was not started by the launcher"));
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The arguments are a sequence of positional arguments, as Python's *args: a list, an array of "
            + "objects or any Iterable, its elements in order, none left out. See the lesson's Q7 on the "
            + "practical's question.")
    void anySequenceGivesThePositionalArgumentsInOrder() throws Exception {
        Launcher launcher = launcher(false);
        LinkedHashSet<Object> set = new LinkedHashSet<>(List.of(3, 1, 2));
        Future<String> list = call(launcher, ECHO, List.of(5, "ten", 20.5));
        Future<String> array = call(launcher, ECHO, new String[] {"a", "b"});
        Future<String> iterable = call(launcher, ECHO, set);
        assertThat(List.of(outcome(list, "applyAsync(echo, List.of(5, \"ten\", 20.5))"),
                outcome(array, "applyAsync(echo, new String[] {\"a\", \"b\"})"),
                outcome(iterable, "applyAsync(echo, a LinkedHashSet [3, 1, 2])")))
                .as("what the function received (size:arguments) for a List, a String[] and a LinkedHashSet")
                .containsExactly("3:5|ten|20.5", "2:a|b", "3:3|1|2");
    }

    /** The result, or "failed with CAUSE" when get() threw. */
    private static String outcome(Future<String> f, String what) throws Exception {
        try {
            return result(f, what);
        } catch (ExecutionException e) {
            return "failed with " + e.getCause();
        }
    }

    @Test
    @Points(2)
    @Hint(value = "A bare value is not a sequence of arguments: the call must fail, and as in Python the error "
            + "shows where the result would, from get(), never from applyAsync. See the lesson's Q7.")
    void aBareValueIsNotASequenceAndFailsFromGet() throws Exception {
        Launcher launcher = launcher(false);
        RemoteFunction<Integer> doubler = args -> ((Integer) args.get(0)) * 2;
        for (Object bare : new Object[] {25, "25", new Point(2, 5), new int[] {25}}) {
            String what = "applyAsync(doubler, " + (bare instanceof int[] ? "new int[] {25}" : bare) + ")";
            Throwable cause = failure(call(launcher, doubler, bare), what);
            assertThat(cause).as("cause of the ExecutionException of " + what + " (not a sequence of arguments)")
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Children.leftRunning(before, Duration.ofSeconds(2))).as("processes left running").isEmpty();
    }

    @Test
    @Hint(value = "Everything crosses the process boundary as a copy: a serializable record comes back equal, "
            + "but as another object. See the lesson's Q7 on serialization.")
    void aRecordCrossesAndComesBackAsAnEqualCopy() throws Exception {
        Point p = new Point(3, 4);
        RemoteFunction<Object> identity = args -> args.get(0);
        Object back = result(call(launcher(false), identity, List.of(p)), "applyAsync(identity, [Point(3, 4)])");
        assertThat(back).as("what came back from the child for Point(3, 4) (equal to it)").isEqualTo(p);
        assertThat(back).as("what came back from the child for Point(3, 4) (a copy, not the same object)")
                .isNotSameAs(p);
    }

    @Test
    @Points(2)
    @Hint(value = "What cannot be serialized cannot cross the process boundary: the call fails with the "
            + "serialization error, from get() (never from applyAsync, never a hang), and leaves no child "
            + "behind. See the lesson's Q7 on what crosses.")
    void whatCannotBeSerializedFailsFromGet() throws Exception {
        Launcher launcher = launcher(false);
        RemoteFunction<Object> identity = args -> args.get(0);
        Object lock = new Object();
        RemoteFunction<Object> capturing = args -> lock.hashCode();
        Throwable plain = failure(call(launcher, identity, List.of(new Plain(1))),
                "applyAsync(identity, [a record that is not Serializable])");
        Throwable object = failure(call(launcher, identity, List.of(1, new Object())),
                "applyAsync(identity, [1, new Object()])");
        Throwable function = failure(call(launcher, capturing, List.of()),
                "applyAsync(a lambda that captures a plain Object, [])");
        assertThat(List.of(plain, object, function))
                .as("causes of get()'s ExecutionException for an argument or a function that cannot be serialized")
                .allSatisfy(c -> assertThat(c).isInstanceOf(NotSerializableException.class));
        assertThat(Children.leftRunning(before, Duration.ofSeconds(2))).as("processes left running").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "An exception of the function, in the child, must come back to get() as the cause of its "
            + "ExecutionException, with its class and message. See the lesson's Q7.")
    void anExceptionOfTheFunctionComesBackFromGet() throws Exception {
        RemoteFunction<Integer> refusing = args -> {
            throw new IllegalStateException("no doubling of " + args.get(0) + " today");
        };
        Throwable cause = failure(call(launcher(false), refusing, List.of(25)), "applyAsync(refusing, [25])");
        assertThat(cause).as("cause of get()'s ExecutionException when the function threw "
                + "IllegalStateException(\"no doubling of 25 today\")").isInstanceOf(IllegalStateException.class)
                .hasMessage("no doubling of 25 today");
    }

    @Test
    @Hint(value = "A result that cannot be serialized cannot come back: the child must say so, and get() throw the "
            + "serialization error. See the lesson's Q7 on what crosses.")
    void aResultThatCannotBeSerializedFailsFromGet() throws Exception {
        RemoteFunction<Object> unsendable = args -> new Plain((Integer) args.get(0));
        Throwable cause = failure(call(launcher(false), unsendable, List.of(25)),
                "applyAsync(a function returning a record that is not Serializable, [25])");
        assertThat(cause).as("cause of get()'s ExecutionException when the result cannot be serialized")
                .isInstanceOf(NotSerializableException.class);
    }

    @Test
    @Hint(value = "When the exchange with the child fails (here it stops reading its input and would run on for "
            + "30 s), the call fails with an IOException and the child must be ended, not left running. See the "
            + "lesson's Q7 on a child that dies.")
    void aChildThatStopsListeningIsEndedAndTheCallFails() throws Exception {
        Launcher deaf = (builder, main, args) -> {
            // Not a JVM: a shell that closes its standard input, says so on standard error, and sleeps.
            Process p = builder.redirectError(ProcessBuilder.Redirect.PIPE)
                    .command("sh", "-c", "exec 0<&-; echo closed >&2; exec sleep 30").start();
            launched.add(p);
            byte[] said = p.getErrorStream().readNBytes("closed".length());
            if (!new String(said, java.nio.charset.StandardCharsets.US_ASCII).equals("closed")) {
                throw new IOException("the deaf child did not start");
            }
            return p;
        };
        Throwable cause = failure(call(deaf, args -> 0, List.of(1)), "applyAsync on a child that closed its input");
        assertThat(cause).as("cause of get()'s ExecutionException when the child stopped reading its input")
                .isInstanceOf(IOException.class);
        assertThat(launched).as("children started").hasSize(1);
        assertThat(launched.getFirst().isAlive()).as("the child that stopped reading, still running when get() "
                + "threw (it must be ended)").isFalse();
    }

    @Test
    @Points(2)
    @Hint(value = "A child can end without an answer (System.exit, a crash, a kill): the call must then fail "
            + "from get() with an IOException, promptly, never hang and never return a result. See the lesson's "
            + "Q7 on a child that dies.")
    void aChildThatEndsWithoutAnAnswerFailsFromGet() throws Exception {
        RemoteFunction<Integer> exiting = args -> {
            System.exit((Integer) args.get(0));
            return 0;
        };
        Throwable cause = failure(call(launcher(false), exiting, List.of(37)), "applyAsync(exit(37), [37])");
        assertThat(cause).as("cause of get()'s ExecutionException when the child exited without an answer")
                .isInstanceOf(IOException.class);
        assertThat(launched).as("children started").hasSize(1);
        assertThat(launched.getFirst().isAlive()).as("child still alive when get() threw").isFalse();
    }
}
