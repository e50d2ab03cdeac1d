package parakit.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.LineChild;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Hidden tests for Q1. The child JVMs run the student's {@code Receive.Child}; the test sends them real signals
 * with {@code kill}, one at a time: it waits for the acknowledgement of one before it sends the next (two signals
 * of one kind sent back to back may arrive as one). {@code canHandle} is checked against the JVM itself: the test
 * tries each name too (and puts back what it found), in this JVM and, with {@link XrsProbe}, in a child JVM
 * started with {@code -Xrs}, where HUP, INT and TERM are the JVM's own.
 */
@Question(section = "signal", number = 1, title = "Receiving signals", timeoutSeconds = 20)
@Allows(value = {"sun.misc.Signal", "sun.misc.SignalHandler", "java.lang.System#in", "java.io.InputStream",
        "java.io.BufferedReader", "java.io.InputStreamReader"},
        why = "the child handles USR1 and USR2 with sun.misc.Signal and reads its standard input")
@Requires(type = Signal.class, method = "handle", in = "Receive",
        why = "the handlers are installed, and canHandle finds out, with sun.misc.Signal.handle")
@Forbids(type = Signal.class, method = "raise", in = "Receive",
        why = "a program sends signals to its own children only: raise signals the JVM it runs in")
class ReceiveHiddenTest {

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final Duration LINE = Duration.ofSeconds(3);

    /** Names the JVM knows and either lets a program handle or keeps (checked in this JVM). */
    private static final List<String> KNOWN = List.of("USR1", "USR2", "ALRM", "WINCH", "HUP", "INT", "TERM",
            "QUIT", "KILL", "STOP", "SEGV", "FPE", "ILL");

    /** Names no JVM knows. */
    private static final List<String> UNKNOWN = List.of("FOO", "SIGUSR1", "usr1", "", "10");

    /** Names whose answer -Xrs changes (the JVM keeps them), and one it does not. */
    private static final List<String> XRS = List.of("TERM", "HUP", "INT", "USR1");

    private static final SignalHandler PROBE = s -> { };

    /**
     * Runs in a child JVM started with {@code -Xrs}: prints what trying each of {@link #XRS} finds there
     * ({@code ORACLE NAME true|false}), then runs the student's child.
     */
    static final class XrsProbe {
        public static void main(String[] args) throws Exception {
            for (String name : XRS) {
                System.out.println("ORACLE " + name + " " + oracle(name));
            }
            System.out.flush();
            Receive.Child.main(args);
        }
    }

    /** What trying finds in this JVM: installs a no-op handler and puts back the one found. */
    static boolean oracle(String name) {
        Signal signal;
        try {
            signal = new Signal(name);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
        try {
            Signal.handle(signal, Signal.handle(signal, PROBE));
            return true;
        } catch (IllegalArgumentException reserved) {
            return false;
        }
    }

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private static LineChild start(Class<?> main, String... options) throws Exception {
        List<String> jvm = new ArrayList<>(JVM);
        jvm.addAll(List.of(options));
        LineChild child = LineChild.start(main, jvm);
        child.await(Receive.READY, Duration.ofSeconds(8), "READY (both handlers installed)");
        return child;
    }

    /** Sends {@code name} and returns the child's acknowledgement (its next GOT line). */
    private static String signal(LineChild child, String name) throws Exception {
        child.signal(name);
        return child.await("GOT ", LINE, "the acknowledgement of " + name);
    }

    @Test
    @Points(3)
    @Hint(value = "Each of the two signals has a handler of its own and a count of its own; a signal whose handler "
            + "is missing ends the JVM (its default action). See the lesson's Q1.", when = "acknowledgement")
    @Hint(value = "The counts the main loop reports are those the handlers keep, per signal. See the lesson's Q1.",
            when = "COUNTS")
    @Hint(value = "A handler runs on a thread of its own while the main thread is blocked reading its input: a "
            + "handler that waits for something the main loop holds never answers. See the lesson's Q1 on "
            + "handler threads.", when = "no line came")
    void eachSignalIsCountedApart() throws Exception {
        try (LineChild child = start(Receive.Child.class)) {
            assertThat(signal(child, "USR1")).as("acknowledgement of the first USR1").isEqualTo("GOT USR1 1");
            assertThat(signal(child, "USR2")).as("acknowledgement of the first USR2 (after one USR1)")
                    .isEqualTo("GOT USR2 1");
            assertThat(signal(child, "USR1")).as("acknowledgement of the second USR1").isEqualTo("GOT USR1 2");
            assertThat(signal(child, "USR1")).as("acknowledgement of the third USR1").isEqualTo("GOT USR1 3");
            child.send("COUNTS");
            assertThat(child.await("COUNTS", LINE, "the answer to COUNTS"))
                    .as("answer to COUNTS after USR1, USR2, USR1, USR1").isEqualTo("COUNTS USR1 3 USR2 1");
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The main loop goes on answering its input between and after signals, and when its input ends "
            + "it reports the counts and returns normally. See the lesson's Q1.")
    void theMainLoopKeepsWorkingWhileSignalsArrive() throws Exception {
        try (LineChild child = start(Receive.Child.class)) {
            child.send("one");
            assertThat(child.await("ECHO", LINE, "the echo of 'one'")).as("echo before any signal")
                    .isEqualTo("ECHO one");
            assertThat(signal(child, "USR2")).as("acknowledgement of USR2").isEqualTo("GOT USR2 1");
            child.send("two words");
            assertThat(child.await("ECHO", LINE, "the echo of 'two words'")).as("echo after USR2")
                    .isEqualTo("ECHO two words");
            assertThat(signal(child, "USR1")).as("acknowledgement of USR1").isEqualTo("GOT USR1 1");
            assertThat(signal(child, "USR1")).as("acknowledgement of the second USR1").isEqualTo("GOT USR1 2");
            child.send("three");
            assertThat(child.await("ECHO", LINE, "the echo of 'three'")).as("echo after two USR1")
                    .isEqualTo("ECHO three");
            child.closeInput();
            assertThat(child.await("COUNTS", LINE, "the report at the end of the input"))
                    .as("report when the input ended").isEqualTo("COUNTS USR1 2 USR2 1");
            assertThat(child.exitCode(LINE, "after its input ended")).as("exit code after the input ended "
                    + "(printed: " + child.linesSoFar() + ")").isZero();
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The JVM lets a program handle some signals and keeps others for itself; the way to know is to "
            + "try, with sun.misc.Signal, in the JVM that asks. See the lesson's Q1 on reserved signals.")
    void canHandleTellsTheSignalsTheJvmKeepsFromTheOthers() {
        assertThat(oracle("USR1")).as("this JVM lets a program handle USR1").isTrue();
        assertThat(oracle("QUIT")).as("this JVM keeps QUIT (thread dumps)").isFalse();
        Map<String, Boolean> expected = new LinkedHashMap<>();
        Map<String, Boolean> answered = new LinkedHashMap<>();
        for (String name : KNOWN) {
            Signal signal = new Signal(name);
            SignalHandler found = null;
            boolean handleable = oracle(name);
            if (handleable) {
                found = Signal.handle(signal, PROBE);
                Signal.handle(signal, found);
            }
            expected.put(name, handleable);
            try {
                answered.put(name, Receive.canHandle(name));
            } finally {
                if (found != null) {
                    Signal.handle(signal, found);
                }
            }
        }
        assertThat(answered).as("canHandle(name) for signals this JVM knows, against trying each in this JVM")
                .containsExactlyEntriesOf(expected);
    }

    @Test
    @Hint(value = "A name the JVM does not know is a signal no program can handle: the answer is false, not an "
            + "exception. See the lesson's Q1.", when = "threw")
    @Hint(value = "A name the JVM does not know is a signal no program can handle. See the lesson's Q1.",
            when = "unknown")
    void canHandleSaysFalseForANameTheJvmDoesNotKnow() {
        Map<String, String> answered = new LinkedHashMap<>();
        for (String name : UNKNOWN) {
            try {
                answered.put("'" + name + "'", String.valueOf(Receive.canHandle(name)));
            } catch (RuntimeException e) {
                answered.put("'" + name + "'", "threw " + e);
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        UNKNOWN.forEach(name -> expected.put("'" + name + "'", "false"));
        assertThat(answered).as("canHandle(name) for unknown names (an answer that threw is shown)")
                .containsExactlyEntriesOf(expected);
    }

    @Test
    @Points(2)
    @Hint(value = "Finding out must change nothing: the handler the signal had before is put back before "
            + "canHandle returns. See the lesson's Q1.")
    void canHandleLeavesTheSignalAsItFoundIt() {
        for (String name : List.of("USR2", "ALRM")) {
            Signal signal = new Signal(name);
            SignalHandler mine = s -> { };
            SignalHandler original = Signal.handle(signal, mine);
            try {
                assertThat(Receive.canHandle(name)).as("canHandle(%s)", name).isTrue();
                assertThat(Signal.handle(signal, mine)).as("handler of %s after canHandle(%s) (the test's own was "
                        + "installed before)", name, name).isSameAs(mine);
            } finally {
                Signal.handle(signal, original);
            }
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Which signals a program may handle depends on the JVM and its options (-Xrs here): find it "
            + "out by trying in the JVM that asks, never from a list. See the lesson's Q1 on reserved signals.")
    void canHandleAnswersForTheJvmItRunsIn() throws Exception {
        LineChild child = LineChild.start(XrsProbe.class, withXrs());
        try (child) {
            Map<String, String> oracle = new LinkedHashMap<>();
            for (String name : XRS) {
                String line = child.await("ORACLE " + name + " ", Duration.ofSeconds(8), "the test's own probe");
                oracle.put(name, line.substring(("ORACLE " + name + " ").length()));
            }
            child.await(Receive.READY, LINE, "READY (both handlers installed)");
            Map<String, String> answered = new LinkedHashMap<>();
            for (String name : XRS) {
                child.send("CAN " + name);
                String line = child.await("CAN " + name + " ", LINE, "the answer to CAN " + name);
                answered.put(name, line.substring(("CAN " + name + " ").length()));
            }
            assertThat(answered).as("canHandle(name) in a JVM started with -Xrs, against trying each there")
                    .containsExactlyEntriesOf(oracle);
        }
    }

    private static List<String> withXrs() {
        List<String> jvm = new ArrayList<>(JVM);
        jvm.add("-Xrs");
        return jvm;
    }
}
