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

/** Public tests for Q3 (Alarm). The grader runs more, hidden, ones. */
@Timeout(30)
class AlarmTest {

    @Test
    @Hint("The alarm interrupts the sleeping task once its timeout has passed: see the lesson's Q3.")
    @DisplayName("an alarm of 200 ms ends a 10 s sleep, and withAlarm says so")
    void theAlarmEndsASleep() throws Exception {
        long start = System.nanoTime();
        boolean inTime = Alarm.withAlarm(Duration.ofMillis(200), () -> Thread.sleep(10_000));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(inTime).as("withAlarm(200 ms, a 10 s sleep)").isFalse();
        assertThat(took).as("ms withAlarm took").isBetween(200L, 5_000L);
        assertThat(Thread.interrupted()).as("interrupt status after withAlarm").isFalse();
    }

    @Test
    @Hint("A task that ends in time is not interrupted: see the lesson's Q3.")
    @DisplayName("a task that ends in time returns true")
    void aTaskInTime() throws Exception {
        assertThat(Alarm.withAlarm(Duration.ofSeconds(5), () -> { })).as("withAlarm(5 s, nothing)").isTrue();
    }

    @Test
    @Hint("The cleanup runs once in a shutdown hook, and the JVM must be able to exit: see the lesson's Q3.")
    @DisplayName("a child whose input ends cleans up once and exits with 0")
    @DisabledOnOs(value = WINDOWS, disabledReason = "needs a POSIX system (WSL)")
    void theChildCleansUpOnce() throws Exception {
        try (LineChild child = LineChild.start(Alarm.Child.class, List.of("-Xmx32m"))) {
            child.await(Alarm.READY, Duration.ofSeconds(10), "READY");
            child.closeInput();
            int code = child.exitCode(Duration.ofSeconds(10), "after its input ended");
            assertThat(child.lines().stream().filter(Alarm.CLEANUP::equals).count()).as("CLEANUP lines").isOne();
            assertThat(code).as("exit code").isZero();
        }
    }
}
