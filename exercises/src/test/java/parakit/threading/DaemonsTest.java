package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q3 (Daemons). The grader runs more, hidden ones (including a JVM that must exit). */
@Timeout(10)
class DaemonsTest {

    @Test
    @Hint("One thread must be a daemon, the other not, from their start: see the lesson's Q3, 'The Java idiom'.")
    void daemonFlagIsSetOrNot() throws InterruptedException {
        Thread d = Daemons.startDaemon("d", () -> { });
        Thread n = Daemons.startNonDaemon("n", () -> { });
        d.join();
        n.join();
        assertThat(d.isDaemon()).as("startDaemon must start a daemon").isTrue();
        assertThat(n.isDaemon()).as("startNonDaemon must not start a daemon").isFalse();
        assertThat(d.getName()).isEqualTo("d");
    }

    @Test
    @Hint("joinAtMost waits at most about its timeout and says whether the thread ended: see the lesson's Q3 on "
            + "join with a timeout.")
    void joinAtMostGivesUpOnALiveThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Daemons.startDaemon("blocked", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        boolean ended = Daemons.joinAtMost(t, Duration.ofMillis(200));
        release.countDown();
        assertThat(ended).as("joinAtMost on a thread that is still running").isFalse();
        assertThat(Daemons.joinAtMost(t, Duration.ofSeconds(5))).as("joinAtMost once it has ended").isTrue();
    }
}
