package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.support.Hint;

/**
 * Hidden tests for Q4, one per clause of the Javadoc. joinAllOthers is mostly called on the test thread itself
 * (it must skip the caller), with a deadline of 4 s: a solution that joins the wrong threads waits until the
 * deadline, and the tests measure that against the far shorter time the right threads need. Where the caller is
 * another thread (a daemon, a virtual thread), the test thread is itself a live non-daemon thread that the call
 * rightly waits for until its deadline; those tests check only which workers ended.
 */
@Question(section = "threading", number = 4, title = "Enumerating and joining all threads", timeoutSeconds = 12)
class JoinAllHiddenTest {

    private static final Duration DEADLINE = Duration.ofSeconds(4);

    @Test
    @Points(2)
    @Hint("Every live non-daemon thread other than the caller must have ended when joinAllOthers returns (every one "
            + "of the snapshot, not only the first), on every call: see the lesson's Q4, 'The Java idiom'.")
    void everyWorkerHasEndedOnReturn() throws InterruptedException {
        for (int call = 1; call <= 2; call++) {
            List<Thread> workers = List.of(sleeper("w-short", 50), sleeper("w-mid", 250), sleeper("w-long", 600));
            int ended = JoinAll.joinAllOthers(DEADLINE);
            assertThat(workers).as("workers still alive after call %d of joinAllOthers", call).noneMatch(Thread::isAlive);
            assertThat(ended).as("threads that call %d of joinAllOthers waited for and that ended", call)
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    @Points(2)
    @Hint("joinAllOthers must skip the thread that calls it: a thread that joins itself waits for its own end, "
            + "that is forever (here: until the deadline). See the lesson's Q4, 'The Java idiom'.")
    void theCallingThreadIsNotJoined() throws InterruptedException {
        Thread worker = sleeper("w", 100);
        long begin = System.nanoTime();
        JoinAll.joinAllOthers(DEADLINE);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(worker.isAlive()).as("worker alive after joinAllOthers").isFalse();
        assertThat(millis).as("ms joinAllOthers took when the only other thread ends after 100 ms (deadline 4000)")
                .isLessThan(DEADLINE.toMillis() / 2);
    }

    @Test
    @Points(2)
    @Hint("The calling thread is not always called \"main\": recognise the caller as the thread it is, not by its "
            + "name. See the lesson's Q4, 'Differences from Python', on skipping by identity.")
    void theCallerIsRecognisedWhateverItsName() throws InterruptedException {
        Thread self = Thread.currentThread();
        String name = self.getName();
        Thread worker = sleeper("w", 100);
        self.setName("grader-caller");
        long millis;
        try {
            long begin = System.nanoTime();
            JoinAll.joinAllOthers(DEADLINE);
            millis = (System.nanoTime() - begin) / 1_000_000;
        } finally {
            self.setName(name);
        }
        assertThat(worker.isAlive()).as("worker alive after joinAllOthers").isFalse();
        assertThat(millis).as("ms joinAllOthers took, called from a thread named 'grader-caller', when the only "
                + "other thread ends after 100 ms (deadline 4000)").isLessThan(DEADLINE.toMillis() / 2);
    }

    @Test
    @Points(2)
    @Hint("Called from a daemon or a virtual thread, joinAllOthers must still wait for every non-daemon platform "
            + "thread of the JVM: a snapshot of the caller's own group of threads misses them. See the lesson's Q4, "
            + "'The Java idiom', on which snapshot shows all live threads.")
    void workersAreJoinedWhateverTheCaller() {
        for (Caller caller : List.of(Caller.DAEMON, Caller.VIRTUAL)) {
            List<Thread> workers = List.of(sleeper("w-short", 50), sleeper("w-long", 200));
            // The test thread waits for the caller, so the call also waits for it, until its deadline; in which
            // order it joins the threads is its own affair, so only the workers' end is checked.
            caller.call(Duration.ofSeconds(5), () -> JoinAll.joinAllOthers(Duration.ofMillis(600)));
            assertThat(workers).as("workers still alive after joinAllOthers called from a %s", caller.describe())
                    .noneMatch(Thread::isAlive);
        }
    }

    @Test
    @Points(2)
    @Hint("Daemon threads must be skipped: the JVM's own helpers and any other daemon may run forever, so joining "
            + "them waits until the deadline. See the lesson's Q4, 'The Java idiom'.")
    void daemonThreadsAreNotJoined() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread daemon = Thread.ofPlatform().name("forever-daemon").daemon(true).start(() -> awaitQuietly(release));
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
            + "not wait forever. See the lesson's Q4, 'The Java idiom', on the time left until the deadline.")
    void theDeadlineIsKept() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = Thread.ofPlatform().name("stuck").start(() -> awaitQuietly(release));
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

    @Test
    @Points(2)
    @Hint("`within` bounds the whole call, not each join: with several threads that never end, the call must still "
            + "return after about `within` in total. See the lesson's Q4 on the time left until the deadline.")
    void theDeadlineIsForTheWholeCallNotPerThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> stuck = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stuck.add(Thread.ofPlatform().name("stuck-" + i).start(() -> awaitQuietly(release)));
        }
        try {
            long begin = System.nanoTime();
            int ended = JoinAll.joinAllOthers(Duration.ofSeconds(1));
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(millis).as("ms joinAllOthers(1 s) took in total while three threads never end (3 s would "
                    + "be 1 s per thread)").isBetween(750L, 2_500L);
            assertThat(ended).as("none of the stuck threads ended, so none is counted").isZero();
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), stuck.toArray(Thread[]::new));
        }
    }

    @Test
    @Hint("Only the threads alive when the call begins are waited for: one started meanwhile is not. See the "
            + "Javadoc of joinAllOthers and the lesson's Q4 on the snapshot.")
    void threadsStartedDuringTheCallAreNotWaitedFor() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> late = new AtomicReference<>();
        Thread starter = Thread.ofPlatform().name("starter").start(() -> {
            sleepQuietly(100);
            late.set(Thread.ofPlatform().name("late-worker").start(() -> awaitQuietly(release)));
        });
        try {
            long begin = System.nanoTime();
            JoinAll.joinAllOthers(DEADLINE);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(starter.isAlive()).as("the thread alive at the call's start is still alive").isFalse();
            assertThat(millis).as("ms joinAllOthers took when the only thread alive at its start ends after "
                    + "100 ms, starting a thread that keeps running (deadline 4000)").isLessThan(DEADLINE.toMillis() / 2);
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), starter);
            if (late.get() != null) {
                Await.joined(Duration.ofSeconds(5), late.get());
            }
        }
    }

    @Test
    @Points(2)
    @Hint(when = "returned normally", value = "An interrupt while joinAllOthers waits must end the call with "
            + "InterruptedException: a caught and ignored interrupt makes it wait on. See the lesson's Q4 and the "
            + "method's Javadoc.")
    @Hint("An interrupted joinAllOthers must end with InterruptedException: see the method's Javadoc.")
    void anInterruptEndsTheWaitWithInterruptedException() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = Thread.ofPlatform().name("stuck").start(() -> awaitQuietly(release));
        Thread self = Thread.currentThread();
        Object gate = new Object();
        boolean[] done = {false};
        // Interrupts the test thread once it waits inside joinAllOthers, and never after the call has ended.
        Thread interrupter = Thread.ofPlatform().name("interrupter").daemon(true).start(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() - deadline < 0) {
                synchronized (gate) {
                    if (done[0]) {
                        return;
                    }
                    Thread.State state = self.getState();
                    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                        self.interrupt();
                        return;
                    }
                }
                sleepQuietly(2);
            }
        });
        Throwable thrown = null;
        long begin = System.nanoTime();
        try {
            JoinAll.joinAllOthers(DEADLINE);
        } catch (InterruptedException e) {
            thrown = e;
        } finally {
            synchronized (gate) {
                done[0] = true;
            }
            Thread.interrupted(); // clear an interrupt the call left unconsumed, so that nothing below is interrupted
            release.countDown();
            Await.joined(Duration.ofSeconds(5), stuck, interrupter);
        }
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(thrown).as("joinAllOthers returned normally although its thread was interrupted while it waited "
                + "(after %d ms, deadline 4000)", millis).isInstanceOf(InterruptedException.class);
    }

    private static Thread sleeper(String name, long millis) {
        return Thread.ofPlatform().name(name).start(() -> sleepQuietly(millis));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await(12, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
