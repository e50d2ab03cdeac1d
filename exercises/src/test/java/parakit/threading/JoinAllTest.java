package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q4 (JoinAll). The grader runs more, hidden ones. */
@Timeout(20)
class JoinAllTest {

    @Test
    @Hint("Every live non-daemon thread other than the caller must have ended on return: see the lesson's Q4, "
            + "'The Java idiom', on the snapshot of live threads and which of them to join.")
    void waitsForWorkersThatAreStillRunning() throws InterruptedException {
        List<Thread> workers = List.of(sleeper(100), sleeper(300));
        // Build tools and IDEs may keep threads of their own running, which joinAllOthers then waits for until
        // its deadline: keep the deadline short. The grader's hidden tests run without such threads.
        int ended = JoinAll.joinAllOthers(Duration.ofSeconds(3));
        assertThat(workers).as("workers still alive after joinAllOthers").noneMatch(Thread::isAlive);
        assertThat(ended).as("threads joinAllOthers waited for").isGreaterThanOrEqualTo(2);
    }

    private static Thread sleeper(long millis) {
        return Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
