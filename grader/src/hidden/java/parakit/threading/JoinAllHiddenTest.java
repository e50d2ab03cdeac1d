package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;

/**
 * Hidden tests for Q4. joinAllOthers is called on the test thread itself (it must skip the caller), with a
 * deadline of 4 s: a solution that joins the wrong threads waits until the deadline, and the tests measure
 * that against the far shorter time the right threads need.
 */
@Question(section = "threading", number = 4, title = "Enumerating and joining all threads", timeoutSeconds = 12)
class JoinAllHiddenTest {

    private static final Duration DEADLINE = Duration.ofSeconds(4);

    @Test
    @Points(2)
    @Hint("Every live non-daemon thread other than the caller must have ended when joinAllOthers returns: join "
            + "each thread of the snapshot, not only the first, and count the ones that ended.")
    void everyWorkerHasEndedOnReturn() throws InterruptedException {
        List<Thread> workers = List.of(sleeper("w-short", 50), sleeper("w-mid", 250), sleeper("w-long", 600));
        int ended = JoinAll.joinAllOthers(DEADLINE);
        assertThat(workers).as("workers still alive after joinAllOthers").noneMatch(Thread::isAlive);
        assertThat(ended).as("threads that joinAllOthers waited for and that ended").isGreaterThanOrEqualTo(3);
    }

    @Test
    @Points(2)
    @Hint("joinAllOthers must skip the thread that calls it: a thread that joins itself waits for its own end, "
            + "that is forever (here: until the deadline).")
    void theCallingThreadIsNotJoined() throws InterruptedException {
        Thread worker = sleeper("w", 100);
        long begin = System.nanoTime();
        JoinAll.joinAllOthers(DEADLINE);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(worker.isAlive()).isFalse();
        assertThat(millis).as("ms joinAllOthers took when the only other thread ends after 100 ms (deadline 4000)")
                .isLessThan(DEADLINE.toMillis() / 2);
    }

    @Test
    @Points(2)
    @Hint("Daemon threads must be skipped: the JVM's own helpers (Reference Handler, Finalizer, ...) and any "
            + "other daemon may run forever, so joining them waits until the deadline.")
    void daemonThreadsAreNotJoined() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread daemon = Thread.ofPlatform().name("forever-daemon").daemon(true).start(() -> {
            try {
                release.await(12, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long begin = System.nanoTime();
            JoinAll.joinAllOthers(DEADLINE);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(millis).as("ms joinAllOthers took while a daemon thread was blocked (deadline 4000)")
                    .isLessThan(DEADLINE.toMillis() / 2);
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), daemon);
        }
    }

    @Test
    @Hint("Respect the deadline: with a thread that never ends, joinAllOthers must return after about `within`, "
            + "not wait forever (join with the time that is left, not join()).")
    void theDeadlineIsKept() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = Thread.ofPlatform().name("stuck").start(() -> {
            try {
                release.await(12, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long begin = System.nanoTime();
            int ended = JoinAll.joinAllOthers(Duration.ofMillis(600));
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(millis).as("ms joinAllOthers(600 ms) took while one thread never ends").isBetween(450L, 6_000L);
            assertThat(ended).as("the stuck thread did not end, so it is not counted").isZero();
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), stuck);
        }
    }

    private static Thread sleeper(String name, long millis) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
