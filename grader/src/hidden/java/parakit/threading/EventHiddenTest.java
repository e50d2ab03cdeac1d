package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.ThrowingRunnable;
import parakit.grader.api.Forbids;
import parakit.grader.api.Guards;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.support.Hint;

/**
 * Hidden tests for Q5, one per clause of Event's contract. Interleavings are controlled: waiters are seen parked
 * waiting for a signal ({@link Guards#untilParkedOutsideLocks}) before the test signals, and where a race matters
 * the test holds the Event's own locks and monitors (found by type, {@link Guards#of}) so that the student's thread
 * stops exactly where the race would hurt.
 */
@Question(section = "threading", number = 5, title = "Signalling between threads: an Event")
@Forbids(type = CountDownLatch.class, method = "*", in = "Event",
        why = "build the Event from a lock and a condition (or wait/notifyAll), not from a CountDownLatch")
@Forbids(type = Thread.class, method = "sleep", in = "Event",
        why = "wait on a condition instead of sleeping: a sleeping waiter does not wake up when the event is set")
class EventHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(3);

    /** How a wait ended, as seen by the waiting thread. */
    private sealed interface Outcome {
        record Returned(boolean result) implements Outcome { }
        record Threw(Throwable thrown) implements Outcome { }
    }

    /** A waiting thread and what its wait ended with (null while it waits). */
    private record Waiter(Thread thread, AtomicReference<Outcome> outcome) {

        static Waiter untimed(Event e, String name) {
            return start(name, () -> {
                e.await();
                return true;
            });
        }

        static Waiter timed(Event e, String name, Duration timeout) {
            return start(name, () -> e.await(timeout));
        }

        private static Waiter start(String name, java.util.concurrent.Callable<Boolean> wait) {
            AtomicReference<Outcome> outcome = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name(name).start(() -> {
                try {
                    outcome.set(new Outcome.Returned(wait.call()));
                } catch (InterruptedException thrown) {
                    outcome.set(new Outcome.Threw(thrown));
                } catch (RuntimeException | Error thrown) {
                    outcome.set(new Outcome.Threw(thrown));
                    throw thrown; // uncaught: the harness reports the student's exception with its place
                } catch (Exception thrown) {
                    outcome.set(new Outcome.Threw(thrown));
                    throw new IllegalStateException(thrown);
                }
            });
            return new Waiter(t, outcome);
        }

        /** Whether the thread ended within {@code within} (waits for it no longer than that). */
        boolean endsWithin(Duration within) throws InterruptedException {
            return thread.join(within);
        }
    }

    /** How many of the waiters end within {@code within}, all waited for against one deadline. */
    private static long endedWithin(Duration within, Waiter... waiters) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long ended = 0;
        for (Waiter w : waiters) {
            long left = Math.max(1, deadline - System.nanoTime());
            ended += w.endsWithin(Duration.ofNanos(left)) ? 1 : 0;
        }
        return ended;
    }

    private static Thread[] threads(Waiter... waiters) {
        return Arrays.stream(waiters).map(Waiter::thread).toArray(Thread[]::new);
    }

    /** Sets the event until every waiter has ended, so that no thread outlives a failed test. */
    private static void release(Event e, Waiter... waiters) throws InterruptedException {
        for (int round = 0; round < 3 && Arrays.stream(waiters).anyMatch(w -> w.thread().isAlive()); round++) {
            e.set();
            endedWithin(Duration.ofMillis(300), waiters);
        }
        for (Waiter w : waiters) {
            w.thread().interrupt();
        }
        Await.joined(WITHIN, threads(waiters));
    }

    private static void holdingTheEventsGuards(Event e, ThrowingRunnable body) throws Exception {
        Guards.holdingAll(Guards.of(e), body);
    }

    @Test
    @Points(3)
    @Hint("Only some of the waiting threads were released by set(): a signal that wakes one waiter leaves the "
            + "others waiting. See the lesson's Q5, 'The Java idiom', on waking every waiter.")
    void setReleasesEveryWaiter() throws Exception {
        Event e = new Event();
        Waiter[] waiters = new Waiter[4];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = Waiter.untimed(e, "waiter-" + i);
        }
        try {
            Guards.untilParkedOutsideLocks(WITHIN, threads(waiters));
            e.set();
            long ended = endedWithin(WITHIN, waiters);
            assertThat(ended).as("waiters released by one set() (of 4 waiting)").isEqualTo(4);
            assertThat(Arrays.stream(waiters).map(w -> w.outcome().get()))
                    .as("how the waits ended").allMatch(o -> o instanceof Outcome.Returned);
        } finally {
            release(e, waiters);
        }
    }

    @Test
    @Points(2)
    @Hint("set() followed at once by clear() must still release every thread that was waiting: a waiter that wakes "
            + "up and finds the flag clear again cannot tell that a set() happened meanwhile. See the lesson's Q5 "
            + "on what set() promises to the threads waiting at that moment.")
    void setReleasesEveryWaiterEvenIfClearFollowsAtOnce() throws Exception {
        Event e = new Event();
        Waiter[] waiters = {Waiter.untimed(e, "waiter-0"), Waiter.untimed(e, "waiter-1"),
                Waiter.timed(e, "timed-waiter", Duration.ofSeconds(20))};
        try {
            Guards.untilParkedOutsideLocks(WITHIN, threads(waiters));
            // No waiter can run between the two calls while the test holds the Event's locks and monitors.
            holdingTheEventsGuards(e, () -> {
                e.set();
                e.clear();
            });
            long ended = endedWithin(WITHIN, waiters);
            assertThat(ended).as("waiters released by a set() that clear() followed at once (of 3 waiting)")
                    .isEqualTo(3);
            assertThat(waiters[2].outcome().get()).as("what the timed wait released by that set() returned")
                    .isEqualTo(new Outcome.Returned(true));
        } finally {
            release(e, waiters);
        }
    }

    @Test
    @Points(2)
    @Hint("A set() that happens before the wait must not be missed: see the lesson's Q5 on checking the state "
            + "before waiting.")
    void aSetBeforeTheWaitIsNotMissed() throws Exception {
        Event e = new Event();
        e.set();
        Waiter late = Waiter.untimed(e, "late-waiter");
        try {
            assertThat(late.endsWithin(WITHIN)).as("await() on an event that is already set returned").isTrue();
        } finally {
            release(e, late);
        }
        Waiter timed = Waiter.timed(e, "late-timed-waiter", Duration.ofSeconds(20));
        try {
            assertThat(timed.endsWithin(WITHIN)).as("await(20 s) on an event that is already set returned at once")
                    .isTrue();
            assertThat(timed.outcome().get()).as("await(20 s) on an event that is already set")
                    .isEqualTo(new Outcome.Returned(true));
        } finally {
            release(e, timed);
        }
    }

    @Test
    @Points(2)
    @Hint("The waiter read the flag, then a set() came before it waited, and its wait never ended: a lost wake-up. "
            + "Checking the state and starting to wait must be one step for other threads. See the lesson's Q5, "
            + "'The Java idiom', on what the lock guards.")
    void noWakeUpIsLostBetweenTheCheckAndTheWait() throws Exception {
        Event e = new Event();
        Waiter[] waiter = new Waiter[1];
        try {
            // The test holds the Event's locks and monitors: a waiter that checks the flag under the lock stops
            // before the check; one that checks it outside stops after it, having seen it clear.
            holdingTheEventsGuards(e, () -> {
                waiter[0] = Waiter.untimed(e, "waiter");
                Thread.State state = Guards.settle(WITHIN, waiter[0].thread());
                assertThat(state).as("await() returned although nobody had set the event")
                        .isNotEqualTo(Thread.State.TERMINATED);
                e.set();
            });
            assertThat(waiter[0].endsWithin(WITHIN))
                    .as("await() ended after a set() that came while it was on its way to wait (lost wake-up)")
                    .isTrue();
        } finally {
            if (waiter[0] != null) {
                release(e, waiter[0]);
            }
        }
    }

    @Test
    @Hint(when = "TIMED_WAITING", value = "await() wakes up again and again to look at the flag (polling) instead of "
            + "waiting until set() signals it. See the lesson's Q5 on waiting on a condition.")
    @Hint("await() must wait for the signal without running: see the lesson's Q5 on waiting on a condition.")
    void awaitWaitsForTheSignalWithoutPolling() throws Exception {
        Event e = new Event();
        Waiter w = Waiter.untimed(e, "waiter");
        try {
            Await.untilWaiting(WITHIN, w.thread());
            assertThat(w.outcome().get()).as("await() ended although nobody set the event").isNull();
        } finally {
            release(e, w);
        }
    }

    @Test
    @Hint("await() returned after a wake-up that no set() caused. A condition (or a monitor) may wake a waiter "
            + "without any signal, so waking up proves nothing: a waiter must check what it waits for each time it "
            + "wakes. See the lesson's Q5 on spurious wake-ups.")
    void aWakeUpWithoutSetSendsTheWaiterBackToWaiting() throws Exception {
        Event e = new Event();
        Waiter w = Waiter.untimed(e, "waiter");
        try {
            Guards.untilParkedOutsideLocks(WITHIN, w.thread());
            java.util.Optional<Thread.State> after = Guards.wakeSpuriously(e, w.thread(), WITHIN);
            // Empty: await() waits on something that is not a guard of the Event; the wake-up cannot be provoked.
            after.ifPresent(state -> assertThat(state).as("await() after a wake-up without set() (state of the waiter)")
                    .isNotEqualTo(Thread.State.TERMINATED));
            assertThat(w.outcome().get()).as("await() ended although nobody set the event").isNull();
        } finally {
            release(e, w);
        }
    }

    @Test
    @Hint("clear() must make later waits block again until the next set(): see the lesson's Q5 task.")
    void clearMakesWaitsBlockAgain() throws Exception {
        Event e = new Event();
        e.set();
        e.clear();
        assertThat(e.isSet()).as("isSet() after set() and clear()").isFalse();
        Waiter w = Waiter.untimed(e, "waiter");
        try {
            Thread.State state = Guards.settle(WITHIN, w.thread());
            assertThat(state).as("await() returned although the event was cleared").isNotEqualTo(Thread.State.TERMINATED);
            assertThat(e.await(Duration.ofMillis(50))).as("a timed wait on a cleared event").isFalse();
        } finally {
            release(e, w);
        }
    }

    @Test
    @Points(2)
    @Hint(when = "went on waiting", value = "An interrupted wait must end: the interrupt is a request to stop waiting, "
            + "and the method declares InterruptedException for it. See the lesson's Q5 on interrupts.")
    @Hint(when = "returned", value = "An interrupted wait ended as if the event were set: the caller must learn that "
            + "it was interrupted. See the lesson's Q5 on interrupts.")
    @Hint("An interrupted wait must end with InterruptedException: see the lesson's Q5 on interrupts.")
    void anInterruptedWaitThrowsInterruptedException() throws Exception {
        Event e = new Event();
        Waiter untimed = Waiter.untimed(e, "waiter");
        Waiter timed = Waiter.timed(e, "timed-waiter", Duration.ofSeconds(20));
        try {
            Guards.untilParkedOutsideLocks(WITHIN, untimed.thread(), timed.thread());
            untimed.thread().interrupt();
            timed.thread().interrupt();
            endedWithin(WITHIN, untimed, timed);
            for (Waiter w : new Waiter[] {untimed, timed}) {
                String which = w == untimed ? "await()" : "await(20 s)";
                assertThat(w.thread().isAlive()).as("%s went on waiting after its thread was interrupted", which)
                        .isFalse();
                assertThat(w.outcome().get()).as("%s returned normally when its thread was interrupted", which)
                        .isInstanceOfSatisfying(Outcome.Threw.class, t ->
                                assertThat(t.thrown()).as("%s returned, or threw something else, when interrupted", which)
                                        .isInstanceOf(InterruptedException.class));
            }
        } finally {
            release(e, untimed, timed);
        }
    }

    @Test
    @Points(2)
    @Hint("A timed wait on an event that stays clear must return false after about its timeout: see the lesson's "
            + "Q5 on timed waits and the time that is left.")
    void timedWaitReturnsFalseAfterAboutItsTimeout() throws InterruptedException {
        Event e = new Event();
        e.clear(); // clearing a new event leaves it clear
        long begin = System.nanoTime();
        boolean result = e.await(Duration.ofMillis(400));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(result).as("await(400 ms) on an event nobody sets").isFalse();
        assertThat(millis).as("ms that await(400 ms) waited").isBetween(300L, 4_000L);
    }

    @Test
    @Hint("A timeout of zero, or one shorter than a millisecond, leaves no time to wait: the call only reports "
            + "whether the event is set. See the lesson's Q5 on timed waits (and what a zero timeout means to the "
            + "waiting method you call).")
    void aTimedWaitWithNoTimeLeftOnlyReportsTheFlag() throws Exception {
        Event e = new Event();
        for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(-5)}) {
            Waiter w = Waiter.timed(e, "timed-waiter", timeout);
            try {
                assertThat(w.endsWithin(WITHIN)).as("await(%s) on a clear event ended", timeout).isTrue();
                assertThat(w.outcome().get()).as("await(%s) on a clear event", timeout)
                        .isEqualTo(new Outcome.Returned(false));
            } finally {
                release(e, w);
                e.clear();
            }
        }
        e.set();
        assertThat(e.await(Duration.ZERO)).as("await(0) on a set event").isTrue();
    }

    @Test
    @Points(2)
    @Hint("A timed wait must end as soon as the event is set, not sleep out its whole timeout: see the lesson's Q5 "
            + "on timed waits on a condition.")
    void timedWaitReturnsTrueSoonAfterSet() throws Exception {
        Event e = new Event();
        e.clear(); // clearing a new event leaves it clear
        AtomicLong millis = new AtomicLong(-1);
        Waiter w = Waiter.start("timed-waiter", () -> {
            long begin = System.nanoTime();
            try {
                return e.await(Duration.ofSeconds(8));
            } finally {
                millis.set((System.nanoTime() - begin) / 1_000_000);
            }
        });
        try {
            Guards.untilParkedOutsideLocks(WITHIN, w.thread());
            e.set();
            assertThat(w.endsWithin(Duration.ofSeconds(9))).as("await(8 s) ended").isTrue();
            assertThat(w.outcome().get()).as("await(8 s) when the event is set meanwhile")
                    .isEqualTo(new Outcome.Returned(true));
            assertThat(millis.get()).as("ms await(8 s) took although the event was set early").isLessThan(4_000);
        } finally {
            release(e, w);
        }
    }
}
