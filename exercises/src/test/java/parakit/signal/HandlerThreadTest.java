package parakit.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import parakit.signal.HandlerThread.Seen;
import parakit.support.Hint;
import parakit.support.LineChild;

/** Public tests for Q2 (HandlerThread). The grader runs more, hidden, ones. */
@Timeout(30)
@DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL): Windows has no USR1 or USR2")
class HandlerThreadTest {

    /** A child JVM whose main thread waits for USR1 and prints what awaitSignal returned. */
    static final class Waiting {
        public static void main(String[] args) throws Exception {
            Thread main = Thread.currentThread();
            Optional<Seen> seen = HandlerThread.awaitSignal("USR1", main, () -> {
                System.out.println("READY");
                System.out.flush();
            }, Duration.ofSeconds(20));
            System.out.println("SEEN " + seen.map(s -> "main=" + s.main() + " waiter=" + s.waiter() + " name="
                    + s.name()).orElse("none"));
            System.out.flush();
        }
    }

    @Test
    @Hint("Describe the thread that calls: see the lesson's Q2.")
    @DisplayName("describe, called on the main thread given, says so")
    void describeTheCaller() {
        Thread me = Thread.currentThread();
        Seen seen = HandlerThread.describe(me, me);
        assertThat(seen).as("describe(me, me) on this thread")
                .isEqualTo(new Seen(me.getName(), me.threadId(), true, me.isDaemon(), true));
    }

    @Test
    @Hint("A handler runs on a thread of its own, which the waiter is not: see the lesson's Q2.")
    @DisplayName("a real USR1 is handled on a thread that is neither main nor the waiter")
    void aRealSignal() throws Exception {
        try (LineChild child = LineChild.start(Waiting.class, List.of("-Xmx32m"))) {
            child.await("READY", Duration.ofSeconds(10), "READY");
            child.signal("USR1");
            String seen = child.await("SEEN", Duration.ofSeconds(10), "the child's report");
            assertThat(seen).as("what the child's awaitSignal returned").startsWith("SEEN main=false waiter=false");
        }
    }
}
