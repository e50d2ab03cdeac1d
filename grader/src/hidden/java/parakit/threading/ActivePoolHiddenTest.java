package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 12, title = "Limiting concurrent access with a Semaphore")
@Requires(type = Semaphore.class, method = "acquire", in = "ActivePool.run",
        why = "run must take a slot with Semaphore.acquire()")
@Requires(type = Semaphore.class, method = "release", in = "ActivePool.run",
        why = "run must give its slot back with Semaphore.release(), in a finally block")
class ActivePoolHiddenTest {

    private record Stats(int most, int mostListed, long millis) {
    }

    /** n threads each run `work` ms of work through the pool; returns concurrency seen and elapsed time. */
    private static Stats runWorkers(ActivePool pool, int n, long workMillis) {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger mostListed = new AtomicInteger();
        Thread[] ts = new Thread[n];
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ts[i] = Thread.ofPlatform().name("worker-" + i).start(() -> {
                try {
                    pool.run(() -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        mostListed.accumulateAndGet(pool.active().size(), Math::max);
                        sleep(workMillis);
                        mostListed.accumulateAndGet(pool.active().size(), Math::max);
                        now.decrementAndGet();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Await.joined(Duration.ofSeconds(15), ts);
        return new Stats(most.get(), mostListed.get(), (System.nanoTime() - begin) / 1_000_000);
    }

    @Test
    @Points(3)
    @Hint("At most `permits` workers may run at once, and exactly that many must be able to: the semaphore's "
            + "permits are the pool's slots. See the lesson's Q12.")
    void exactlyThePermittedNumberWorkAtOnce() {
        Stats s = runWorkers(new ActivePool(3), 8, 150);
        assertThat(s.most()).as("most workers running at once with 3 permits").isEqualTo(3);
    }

    @Test
    @Points(2)
    @Hint("active() must list only the threads that hold a slot: a thread still waiting for one is not active, "
            + "nor one whose work has ended. See the lesson's Q12.")
    void activeListsOnlyThreadsThatHoldASlot() {
        ActivePool pool = new ActivePool(2);
        Stats s = runWorkers(pool, 6, 100);
        assertThat(s.mostListed()).as("most names in active() with 2 permits").isBetween(1, 2);
        assertThat(pool.active()).as("active() once every worker is done").isEmpty();
    }

    @Test
    @Points(2)
    @Hint("A slot must be given back however the work ends, by an exception too: otherwise every exception "
            + "costs the pool a permit for good. See the lesson's Q12 and Q6 on releasing on every path.")
    void aThrowingWorkGivesItsSlotBack() {
        ActivePool pool = new ActivePool(2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> pool.run(() -> {
                throw new IllegalStateException("work failed");
            })).as("exception of the work").hasMessage("work failed");
        }
        assertThat(pool.active()).as("active() after works that threw").isEmpty();
        Stats s = runWorkers(pool, 4, 100);
        assertThat(s.most()).as("workers running at once after three works threw (2 permits)").isEqualTo(2);
    }

    @Test
    @Points(2)
    @Hint("Four workers of 200 ms with two permits take about two rounds (400 ms): one round means the limit is "
            + "missing, four rounds means only one permit.")
    void fourWorkersWithTwoPermitsTakeAboutTwoRounds() {
        long work = 200;
        Stats s = runWorkers(new ActivePool(2), 4, work);
        double rounds = (double) s.millis() / work;
        assertThat(rounds).as("rounds of %d ms that 4 workers took with 2 permits (%d ms)", work, s.millis())
                .isBetween(1.6, 3.5);
    }

    /** A worker that takes a slot and sits in it until {@code leave} opens; {@code inside} opens once it is in. */
    private static Thread sitter(ActivePool pool, String name, CountDownLatch inside, CountDownLatch leave,
            AtomicReference<Throwable> thrown) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                pool.run(() -> {
                    inside.countDown();
                    awaitQuietly(leave);
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
    }

    @Test
    @Points(2)
    @Hint(value = "A thread interrupted while it waits for a slot never had a permit, so it must not give one back: "
            + "afterwards the pool let more workers in at once than it has permits. Only what was acquired may be "
            + "released: see the lesson's Q12 on where acquire() stands.", when = "permits")
    @Hint(value = "A thread interrupted while it waits for a slot must leave run() with InterruptedException, "
            + "without running its work.", when = "interrupted waiter")
    void anInterruptedWaitForASlotGivesNoPermitBack() {
        ActivePool pool = new ActivePool(1);
        CountDownLatch holderInside = new CountDownLatch(1);
        CountDownLatch holderLeaves = new CountDownLatch(1);
        AtomicReference<Throwable> holderThrew = new AtomicReference<>();
        AtomicBoolean waiterWorked = new AtomicBoolean();
        AtomicReference<Throwable> waiterThrew = new AtomicReference<>();
        Thread holder = sitter(pool, "holder", holderInside, holderLeaves, holderThrew);
        Thread waiter;
        try {
            assertThat(awaitQuietly(holderInside)).as("the first worker got the only slot").isTrue();
            waiter = Thread.ofPlatform().name("waiter").start(() -> {
                try {
                    pool.run(() -> waiterWorked.set(true));
                } catch (Throwable t) {
                    waiterThrew.set(t);
                }
            });
            Await.untilBlocked(Duration.ofSeconds(3), waiter);
            waiter.interrupt();
            Await.joined(Duration.ofSeconds(3), waiter);
        } finally {
            holderLeaves.countDown();
        }
        Await.joined(Duration.ofSeconds(3), holder);
        assertThat(waiterThrew.get()).as("what run() threw in the interrupted waiter")
                .isInstanceOf(InterruptedException.class);
        assertThat(waiterWorked).as("the interrupted waiter's work ran").isFalse();
        assertThat(pool.active()).as("active() after the interrupted waiter left (it never had a slot)").isEmpty();
        // Now one slot, one permit: a second worker must wait while a first one sits in the slot.
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch firstLeaves = new CountDownLatch(1);
        AtomicBoolean secondIn = new AtomicBoolean();
        Thread first = sitter(pool, "first", firstInside, firstLeaves, new AtomicReference<>());
        Thread second = null;
        try {
            assertThat(awaitQuietly(firstInside)).as("a worker got the slot after the interrupted waiter").isTrue();
            second = Thread.ofPlatform().name("second").start(() -> {
                try {
                    pool.run(() -> secondIn.set(true));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread s2 = second;
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!secondIn.get() && s2.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
                sleep(1);
            }
            assertThat(secondIn).as("a second worker got in beside the first with 1 permit (the permits left once the waiter "
                    + "was gone)").isFalse();
        } finally {
            firstLeaves.countDown();
        }
        Await.joined(Duration.ofSeconds(3), second == null ? new Thread[] {first} : new Thread[] {first, second});
    }

    @Test
    @Points(2)
    @Hint("active() must name exactly the threads that hold a slot right now: when one leaves, its own name goes, "
            + "not another one's. See the lesson's Q12.")
    void aLeavingWorkerRemovesItsOwnName() {
        ActivePool pool = new ActivePool(2);
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch aLeaves = new CountDownLatch(1);
        CountDownLatch bInside = new CountDownLatch(1);
        CountDownLatch bLeaves = new CountDownLatch(1);
        Thread a = sitter(pool, "worker-a", aInside, aLeaves, new AtomicReference<>());
        Thread b = null;
        try {
            assertThat(awaitQuietly(aInside)).as("worker-a got a slot").isTrue();
            b = sitter(pool, "worker-b", bInside, bLeaves, new AtomicReference<>());
            assertThat(awaitQuietly(bInside)).as("worker-b got the second slot").isTrue();
            assertThat(pool.active()).as("active() with worker-a and worker-b inside")
                    .containsExactlyInAnyOrder("worker-a", "worker-b");
            bLeaves.countDown();
            Await.joined(Duration.ofSeconds(3), b);
            assertThat(pool.active()).as("active() once worker-b has left and worker-a is still inside")
                    .containsExactly("worker-a");
        } finally {
            bLeaves.countDown();
            aLeaves.countDown();
        }
        Await.joined(Duration.ofSeconds(3), b == null ? new Thread[] {a} : new Thread[] {a, b});
        assertThat(pool.active()).as("active() once both have left").isEmpty();
    }

    @Test
    @Hint("active() returns a snapshot: a list the caller owns, which later changes of the pool do not alter "
            + "(the pool's own list is shared state that only the pool may touch, under its lock). See the "
            + "lesson's Q12.")
    void activeReturnsASnapshot() {
        ActivePool pool = new ActivePool(2);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread a = sitter(pool, "worker-a", inside, leave, new AtomicReference<>());
        List<String> snapshot;
        try {
            assertThat(awaitQuietly(inside)).as("worker-a got a slot").isTrue();
            snapshot = pool.active();
        } finally {
            leave.countDown();
        }
        Await.joined(Duration.ofSeconds(3), a);
        assertThat(new ArrayList<>(snapshot)).as("a snapshot of active() taken while worker-a was inside, after it "
                + "left").containsExactly("worker-a");
    }

    @Test
    @Hint("run() must work from any calling thread (a daemon, a virtual thread, a renamed one), and active() must "
            + "name the thread that is working, as it is named at that moment. See the lesson's Q12.")
    void activeNamesTheWorkingThreadWhateverItIs() {
        ActivePool pool = new ActivePool(1);
        for (Caller caller : Callers.all()) {
            List<String> seen = caller.call(Duration.ofSeconds(3), () -> {
                AtomicReference<List<String>> during = new AtomicReference<>();
                Thread me = Thread.currentThread();
                pool.run(() -> during.set(Thread.currentThread() == me ? List.copyOf(pool.active()) : null));
                return during.get();
            });
            assertThat(seen).as("active() during the work of a %s (null: the work did not run in the calling thread)",
                    caller.describe()).isNotNull();
            assertThat(seen).as("active() during the work of a %s", caller.describe())
                    .containsExactly(caller.threadName());
            assertThat(pool.active()).as("active() after the work of a %s", caller.describe()).isEmpty();
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
