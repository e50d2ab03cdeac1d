package parakit.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.support.Hint;
import parakit.support.LineChild;

/** Public tests for Q1 (Receive). The grader runs more, hidden, ones. */
@Timeout(30)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL): Windows has no USR1 or USR2")
class ReceiveTest {

    private static final Duration LINE = Duration.ofSeconds(10);

    @Test
    @Hint("Each signal has a handler and a count of its own, and the main loop keeps answering: see the lesson's Q1.")
    @DisplayName("the child counts USR1 and USR2 apart and keeps answering its input")
    void countsEachSignal() throws Exception {
        try (LineChild child = LineChild.start(Receive.Child.class, List.of("-Xmx32m"))) {
            child.await(Receive.READY, LINE, "READY");
            child.signal("USR1");
            assertThat(child.await("GOT ", LINE, "the acknowledgement of USR1")).as("acknowledgement of USR1")
                    .isEqualTo("GOT USR1 1");
            child.signal("USR2");
            assertThat(child.await("GOT ", LINE, "the acknowledgement of USR2")).as("acknowledgement of USR2")
                    .isEqualTo("GOT USR2 1");
            child.send("hello");
            assertThat(child.await("ECHO", LINE, "the echo")).as("echo after two signals").isEqualTo("ECHO hello");
            child.closeInput();
            assertThat(child.await("COUNTS", LINE, "the final report")).as("report at the end of the input")
                    .isEqualTo("COUNTS USR1 1 USR2 1");
        }
    }

    @Test
    @Hint("Find out by trying in this JVM: see the lesson's Q1 on reserved signals.")
    @DisplayName("canHandle: USR1 yes, QUIT (the JVM's thread dumps) no, an unknown name no")
    void canHandle() {
        assertThat(Receive.canHandle("USR1")).as("canHandle(USR1)").isTrue();
        assertThat(Receive.canHandle("QUIT")).as("canHandle(QUIT)").isFalse();
        assertThat(Receive.canHandle("NOSUCHSIGNAL")).as("canHandle(NOSUCHSIGNAL)").isFalse();
    }
}
