package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;

@Question(section = "threading", number = 5, title = "Signalling between threads: an Event")
@Forbids(type = CountDownLatch.class, method = "*", in = "Event",
        why = "build the Event from a lock and a condition (or wait/notifyAll), not from a CountDownLatch")
@Forbids(type = Thread.class, method = "sleep", in = "Event",
        why = "wait on a condition instead of sleeping: a sleeping waiter does not wake up when the event is set")
class EventHiddenTest {

    private static Thread waiter(Event e, String name, AtomicBoolean returned) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                e.await();
                returned.set(true);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    @Points(3)
    @Hint("set() must wake ALL waiting threads: signalAll() (or notifyAll()). signal()/notify() wakes only one, "
            + "and the others wait forever.")
    void setReleasesEveryWaiter() {
        Event e = new Event();
        Thread[] waiters = new Thread[4];
        AtomicBoolean[] returned = new AtomicBoolean[4];
        for (int i = 0; i < waiters.length; i++) {
            returned[i] = new AtomicBoolean();
            waiters[i] = waiter(e, "waiter-" + i, returned[i]);
        }
        Await.untilBlocked(Duration.ofSeconds(5), waiters);
        e.set();
        Await.joined(Duration.ofSeconds(5), waiters);
        for (AtomicBoolean r : returned) {
            assertThat(r).isTrue();
        }
    }

    @Test
    @Points(2)
    @Hint("A set() that happens before the wait must not be missed: check the flag first and wait only while "
            + "it is clear (a wait that always blocks until the next signal misses earlier ones).")
    void aSetBeforeTheWaitIsNotMissed() throws InterruptedException {
        Event e = new Event();
        e.set();
        AtomicBoolean returned = new AtomicBoolean();
        Thread late = waiter(e, "late-waiter", returned);
        Await.joined(Duration.ofSeconds(3), late);
        assertThat(returned).isTrue();
        assertThat(e.await(Duration.ofSeconds(2))).as("timed wait on an event that is already set").isTrue();
    }

    @Test
    @Hint("clear() must make later waits block again until the next set().")
    void clearMakesWaitsBlockAgain() throws InterruptedException {
        Event e = new Event();
        e.set();
        e.clear();
        AtomicBoolean returned = new AtomicBoolean();
        Thread w = waiter(e, "waiter", returned);
        try {
            Await.untilBlocked(Duration.ofSeconds(3), w);
            assertThat(returned).as("await() returned although the event was cleared").isFalse();
        } finally {
            e.set();
            Await.joined(Duration.ofSeconds(3), w);
        }
    }

    @Test
    @Points(2)
    @Hint("A timed wait on an event that stays clear must return false after about its timeout: keep the time "
            + "that is left (awaitNanos returns it) and stop when none is left.")
    void timedWaitReturnsFalseAfterAboutItsTimeout() throws InterruptedException {
        Event e = new Event();
        long begin = System.nanoTime();
        boolean result = e.await(Duration.ofMillis(400));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(result).as("await(400 ms) on an event nobody sets").isFalse();
        assertThat(millis).as("ms that await(400 ms) waited").isBetween(300L, 4_000L);
    }

    @Test
    @Points(2)
    @Hint("A timed wait must end as soon as the event is set, not sleep out its whole timeout: wait on the "
            + "condition with the remaining time, and return true once the flag is set.")
    void timedWaitReturnsTrueSoonAfterSet() {
        Event e = new Event();
        AtomicLong millis = new AtomicLong(-1);
        AtomicBoolean result = new AtomicBoolean();
        Thread w = Thread.ofPlatform().name("timed-waiter").start(() -> {
            long begin = System.nanoTime();
            try {
                result.set(e.await(Duration.ofSeconds(8)));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            millis.set((System.nanoTime() - begin) / 1_000_000);
        });
        Await.untilBlocked(Duration.ofSeconds(3), w);
        e.set();
        Await.joined(Duration.ofSeconds(9), w);
        assertThat(result).as("await(8 s) when the event is set meanwhile").isTrue();
        assertThat(millis.get()).as("ms await(8 s) took although the event was set early").isLessThan(4_000);
    }
}
