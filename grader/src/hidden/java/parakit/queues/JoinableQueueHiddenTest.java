package parakit.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Guards;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.support.Hint;

/**
 * Hidden tests for queues Q2, one per clause of JoinableQueue's contract. Waiters are seen parked before the test
 * changes the state; where a race matters the test holds the queue's own locks and monitors (found by type,
 * {@link Guards#of}), so the student's thread stops exactly where a lost wake-up would happen.
 */
@Question(section = "queues", number = 2, title = "Waiting until every item is processed: task_done and join")
@Forbids(type = BlockingQueue.class, method = "*", in = "JoinableQueue",
        why = "build the queue from a lock and conditions (or a monitor), as Python's Queue is built; a BlockingQueue "
                + "inside hides the waiting the question is about")
@Forbids(type = CountDownLatch.class, method = "*", in = "JoinableQueue",
        why = "build join() on a condition of the queue's own lock (or a monitor), not on a CountDownLatch")
@Forbids(type = Phaser.class, method = "*", in = "JoinableQueue",
        why = "build join() on a condition of the queue's own lock (or a monitor), not on a Phaser")
@Forbids(type = Thread.class, method = "sleep", in = "JoinableQueue",
        why = "wait on a condition instead of sleeping: a sleeping waiter does not wake up when the state changes")
class JoinableQueueHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(3);

    /** A thread blocked in the queue and how its call ended (null while it runs). */
    private record Blocked(Thread thread, AtomicReference<Object> outcome) {

        static Blocked start(String name, Callable<Object> call) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name(name).start(() -> {
                try {
                    Object r = call.call();
                    outcome.set(r == null ? "returned" : r);
                } catch (InterruptedException e) {
                    outcome.set(e);
                } catch (RuntimeException | Error e) {
                    outcome.set(e);
                    throw e;
                } catch (Exception e) {
                    outcome.set(e);
                    throw new IllegalStateException(e);
                }
            });
            return new Blocked(t, outcome);
        }

        static Blocked joining(JoinableQueue<?> q, String name) {
            return start(name, () -> {
                q.join();
                return null;
            });
        }

        static Blocked taking(JoinableQueue<?> q, String name) {
            return start(name, q::take);
        }

        boolean endsWithin(Duration d) throws InterruptedException {
            return thread.join(d);
        }
    }

    /** Ends every blocked thread (interrupting it), so that none outlives the test. */
    private static void end(Blocked... blocked) {
        for (Blocked b : blocked) {
            if (b != null) {
                b.thread().interrupt();
            }
        }
        Await.joined(WITHIN, Arrays.stream(blocked).filter(b -> b != null).map(Blocked::thread).toArray(Thread[]::new));
    }

    private static Thread[] threads(Blocked... blocked) {
        return Arrays.stream(blocked).map(Blocked::thread).toArray(Thread[]::new);
    }

    /** Whether the thread is still in its call a while later (it did not end, and is parked or blocked). */
    private static boolean stillWaiting(Blocked b) throws InterruptedException {
        return !b.endsWithin(Duration.ofMillis(150));
    }

    // ---- join -------------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "not marked done", value = "join() must wait until every item put has been marked done with "
            + "taskDone(), not merely taken out: a consumer that has taken the last item may still be working on it. "
            + "See the lesson's Q2 on the count of unfinished items.")
    @Hint("The taskDone() that marks the last unfinished item done must release join(). See the lesson's Q2.")
    void joinWaitsUntilEveryItemIsMarkedDoneNotMerelyTaken() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        q.put("b");
        assertThat(q.take()).as("first item taken").isEqualTo("a");
        assertThat(q.take()).as("second item taken").isEqualTo("b");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            assertThat(stillWaiting(joiner)).as("join() returned although both items taken were not marked done")
                    .isTrue();
            q.taskDone();
            assertThat(stillWaiting(joiner)).as("join() returned although one of the two items taken was not marked "
                    + "done").isTrue();
            q.taskDone();
            assertThat(joiner.endsWithin(WITHIN)).as("join() returned after the last taskDone()").isTrue();
            assertThat(joiner.outcome().get()).as("how join() ended").isEqualTo("returned");
        } finally {
            end(joiner);
        }
    }

    @Test
    @Points(2)
    @Hint(when = "TIMED_WAITING", value = "join() wakes up again and again to look at the count (polling) instead of "
            + "waiting until the last taskDone() signals it. See the lesson's Q2 on waiting on a condition.")
    @Hint("join() must wait for a signal without running: see the lesson's Q2 on waiting on a condition.")
    void joinWaitsForASignalWithoutPolling() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            Await.untilWaiting(WITHIN, joiner.thread());
            q.taskDone();
            assertThat(joiner.endsWithin(WITHIN)).as("join() returned after the last taskDone()").isTrue();
        } finally {
            end(joiner);
        }
    }

    @Test
    @Points(2)
    @Hint("Only some of the threads waiting in join() were released when the last item was marked done: a signal "
            + "that wakes one waiter leaves the others waiting. See the lesson's Q2 on waking every waiter.")
    void theLastTaskDoneReleasesEveryJoiner() throws Exception {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        q.put(1);
        Blocked[] joiners = {Blocked.joining(q, "joiner-0"), Blocked.joining(q, "joiner-1"),
                Blocked.joining(q, "joiner-2")};
        try {
            Guards.untilParkedOutsideLocks(WITHIN, threads(joiners));
            q.taskDone();
            long ended = 0;
            for (Blocked j : joiners) {
                ended += j.endsWithin(WITHIN) ? 1 : 0;
            }
            assertThat(ended).as("joiners released by the last taskDone() (of 3 waiting)").isEqualTo(3);
        } finally {
            end(joiners);
        }
    }

    @Test
    @Hint("join() on a queue with no unfinished item (new, or every item marked done) must return at once. See the "
            + "lesson's Q2 task.")
    void joinOnAQueueWithNothingUnfinishedReturnsAtOnce() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        Blocked fresh = Blocked.joining(q, "joiner-new-queue");
        try {
            assertThat(fresh.endsWithin(WITHIN)).as("join() on a new queue returned").isTrue();
        } finally {
            end(fresh);
        }
        q.put("a");
        q.put("b");
        q.take();
        q.taskDone();
        q.take();
        q.taskDone();
        Blocked done = Blocked.joining(q, "joiner-all-done");
        try {
            assertThat(done.endsWithin(WITHIN)).as("join() on a queue whose two items were all marked done returned")
                    .isTrue();
        } finally {
            end(done);
        }
    }

    @Test
    @Points(2)
    @Hint(when = "IllegalStateException", value = "taskDone() with no unfinished item is a mistake of the caller: "
            + "throw IllegalStateException, as Python raises ValueError. See the lesson's Q2 task.")
    @Hint("A taskDone() too many must change nothing: the count of unfinished items never goes below zero, so the "
            + "next item put is unfinished until its own taskDone(). See the lesson's Q2 on the count.")
    void aTaskDoneTooManyIsAnErrorAndTheCountStaysRight() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        q.take();
        q.taskDone();
        assertThat(catchThrowable(q::taskDone)).as("what taskDone() once more than items were put threw "
                + "(IllegalStateException)").isInstanceOf(IllegalStateException.class);
        assertThat(catchThrowable(new JoinableQueue<String>()::taskDone)).as("what taskDone() on a new queue threw "
                + "(IllegalStateException)").isInstanceOf(IllegalStateException.class);
        q.put("b");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            assertThat(stillWaiting(joiner)).as("join() returned although the item put after two taskDone() too many "
                    + "was not marked done (the count went below zero)").isTrue();
            q.taskDone();
            assertThat(joiner.endsWithin(WITHIN)).as("join() returned after the item's taskDone()").isTrue();
        } finally {
            end(joiner);
        }
    }

    @Test
    @Points(2)
    @Hint("A wake-up was lost: join() looked at the count, then the last taskDone() came before it waited, and its "
            + "wait never ended. Checking the count and starting to wait must be one step for other threads. See the "
            + "lesson's Q2 on what the lock guards.")
    void noWakeUpOfJoinIsLostBetweenTheCheckAndTheWait() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        Blocked[] joiner = new Blocked[1];
        try {
            // While the test holds the queue's locks and monitors, a join() that checks the count under the lock
            // stops before the check; one that checks it outside stops after it, having seen one unfinished item.
            Guards.holdingAll(Guards.of(q), () -> {
                joiner[0] = Blocked.joining(q, "joiner");
                Thread.State state = Guards.settle(WITHIN, joiner[0].thread());
                assertThat(state).as("join() returned although an item was unfinished")
                        .isNotEqualTo(Thread.State.TERMINATED);
                q.taskDone();
            });
            assertThat(joiner[0].endsWithin(WITHIN)).as("join() ended after a taskDone() that came while it was on its "
                    + "way to wait (lost wake-up)").isTrue();
        } finally {
            end(joiner[0]);
        }
    }

    @Test
    @Points(2)
    @Hint("A join() woken by the last taskDone() must look at the count again before it returns: an item put in the "
            + "meantime is unfinished, and join() waits for every item put so far. See the lesson's Q2 on waiting in "
            + "a loop.")
    void aWokenJoinLooksAtTheCountAgain() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            Guards.untilParkedOutsideLocks(WITHIN, joiner.thread());
            // While the test holds the queue's locks and monitors, the woken joiner cannot run before the put.
            Guards.holdingAll(Guards.of(q), () -> {
                q.taskDone();
                q.put("b");
            });
            assertThat(stillWaiting(joiner)).as("join() returned although the item put right after the last taskDone() "
                    + "was unfinished").isTrue();
            q.taskDone();
            assertThat(joiner.endsWithin(WITHIN)).as("join() returned after that item's taskDone()").isTrue();
        } finally {
            end(joiner);
        }
    }

    // ---- take -------------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "TIMED_WAITING", value = "take() on an empty queue wakes up again and again to look (polling) "
            + "instead of waiting until put() signals it. See the lesson's Q2 on waiting on a condition.")
    @Hint(when = "order", value = "Items must come out in the order they were put (first in, first out). See the "
            + "lesson's Q2 task.")
    @Hint("take() must wait while the queue is empty and return the item a later put() adds. See the lesson's Q2.")
    void takeWaitsWhileEmptyAndItemsComeOutInOrder() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        Blocked taker = Blocked.taking(q, "taker");
        try {
            Await.untilWaiting(WITHIN, taker.thread());
            assertThat(taker.outcome().get()).as("take() on an empty queue returned").isNull();
            q.put("first");
            assertThat(taker.endsWithin(WITHIN)).as("take() returned after put()").isTrue();
            assertThat(taker.outcome().get()).as("what take() returned").isEqualTo("first");
        } finally {
            end(taker);
        }
        for (int i = 0; i < 5; i++) {
            q.put("item-" + i);
        }
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(q.take());
        }
        assertThat(taken).as("items taken, in the order they were put").containsExactly("item-0", "item-1", "item-2",
                "item-3", "item-4");
    }

    @Test
    @Points(2)
    @Hint("A put() must wake a thread waiting in take() even while another thread waits in join(): a signal meant "
            + "for one kind of waiter must not be spent on the other. See the lesson's Q2 on one condition per "
            + "reason to wait.")
    void aPutWakesTheTakerEvenWhileAJoinerWaits() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("x");
        q.take(); // one unfinished item, and the queue is empty: join() and take() both wait
        Blocked joiner = Blocked.joining(q, "joiner");
        Blocked taker = null;
        try {
            Guards.untilParkedOutsideLocks(WITHIN, joiner.thread());
            taker = Blocked.taking(q, "taker");
            Guards.untilParkedOutsideLocks(WITHIN, taker.thread());
            q.put("y");
            assertThat(taker.endsWithin(WITHIN)).as("take() returned after put(), while join() also waited").isTrue();
            assertThat(taker.outcome().get()).as("what take() returned").isEqualTo("y");
            assertThat(stillWaiting(joiner)).as("join() returned although two items were unfinished").isTrue();
        } finally {
            end(joiner, taker);
        }
    }

    @Test
    @Points(2)
    @Hint("A wake-up was lost: take() looked at the queue, then a put() came before it waited, and its wait never "
            + "ended. See the lesson's Q2 on what the lock guards.")
    void noWakeUpOfTakeIsLostBetweenTheCheckAndTheWait() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        Blocked[] taker = new Blocked[1];
        try {
            Guards.holdingAll(Guards.of(q), () -> {
                taker[0] = Blocked.taking(q, "taker");
                Thread.State state = Guards.settle(WITHIN, taker[0].thread());
                assertThat(state).as("take() returned from an empty queue").isNotEqualTo(Thread.State.TERMINATED);
                q.put("late");
            });
            assertThat(taker[0].endsWithin(WITHIN)).as("take() ended after a put() that came while it was on its way "
                    + "to wait (lost wake-up)").isTrue();
            assertThat(taker[0].outcome().get()).as("what take() returned").isEqualTo("late");
        } finally {
            end(taker[0]);
        }
    }

    @Test
    @Points(2)
    @Hint("take() or join() ended after a wake-up that no put() or taskDone() caused. A condition (or a monitor) may "
            + "wake a waiter without any signal, so waking up proves nothing: a waiter must look at the state again "
            + "each time it wakes. See the lesson's Q2 on waiting in a loop.")
    void aWakeUpWithoutASignalSendsTheWaitersBackToWaiting() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        q.take(); // one unfinished item, the queue empty
        Blocked taker = Blocked.taking(q, "taker");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            Guards.untilParkedOutsideLocks(WITHIN, taker.thread(), joiner.thread());
            for (Blocked b : new Blocked[] {taker, joiner}) {
                String which = b == taker ? "take() on an empty queue" : "join() with an unfinished item";
                // Empty: the waiter waits on something that is not a guard of the queue; it cannot be provoked.
                Guards.wakeSpuriously(q, b.thread(), WITHIN).ifPresent(state -> assertThat(state)
                        .as("%s after a wake-up without a signal (state of the waiter)", which)
                        .isNotEqualTo(Thread.State.TERMINATED));
                assertThat(b.outcome().get()).as("%s ended after a wake-up without a signal", which).isNull();
            }
        } finally {
            end(taker, joiner);
        }
    }

    // ---- interrupts -------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "went on waiting", value = "An interrupted wait must end: the interrupt asks the thread to stop "
            + "waiting, and take() and join() declare InterruptedException for it. See the lesson's Q2 on interrupts.")
    @Hint(when = "item", value = "An interrupted take() must take nothing: the item put afterwards is still there "
            + "for the next take(). See the lesson's Q2 on interrupts.")
    @Hint("An interrupted take() or join() must end with InterruptedException. See the lesson's Q2 on interrupts.")
    void interruptedTakeAndJoinThrowAndTakeNothing() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("a");
        q.take(); // one unfinished item, the queue empty
        Blocked taker = Blocked.taking(q, "taker");
        Blocked joiner = Blocked.joining(q, "joiner");
        try {
            Guards.untilParkedOutsideLocks(WITHIN, taker.thread(), joiner.thread());
            taker.thread().interrupt();
            joiner.thread().interrupt();
            for (Blocked b : new Blocked[] {taker, joiner}) {
                String which = b == taker ? "take()" : "join()";
                assertThat(b.endsWithin(WITHIN)).as("%s went on waiting after its thread was interrupted", which)
                        .isTrue();
                assertThat(b.outcome().get()).as("how %s ended when its thread was interrupted", which)
                        .isInstanceOf(InterruptedException.class);
            }
            q.put("b");
            assertThat(q.take()).as("the item put after an interrupted take() (take() again)").isEqualTo("b");
            q.taskDone();
            q.taskDone();
            Blocked after = Blocked.joining(q, "joiner-after");
            try {
                assertThat(after.endsWithin(WITHIN)).as("join() after both were marked done (an interrupted "
                        + "wait must not change the count)").isTrue();
            } finally {
                end(after);
            }
        } finally {
            end(taker, joiner);
        }
    }

    // ---- several producers and consumers, calling contexts -------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "taken twice", value = "With several producers and consumers at once, every item put must be taken "
            + "exactly once: the queue's state must be guarded by one lock. See the lesson's Q2.")
    @Hint(when = "distinct items", value = "With several producers and consumers at once, every item put must be "
            + "taken exactly once: the queue's state must be guarded by one lock. See the lesson's Q2.")
    @Hint("join() must return only once every item of every producer has been marked done, however many threads "
            + "produce and consume. See the lesson's Q2.")
    void severalProducersAndConsumers() throws Exception {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        int producers = 3;
        int perProducer = 200;
        int total = producers * perProducer;
        // Each producer's last item: the consumers finish those only when the test says so. Once all three are
        // taken, every item has been taken (first in, first out), and three are still unfinished.
        Set<Integer> lastOnes = Set.of(perProducer - 1, 2 * perProducer - 1, 3 * perProducer - 1);
        CountDownLatch finishLastOnes = new CountDownLatch(1);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            consumers.add(Thread.ofPlatform().name("consumer-" + c).daemon(true).start(() -> {
                try {
                    while (true) {
                        Integer item = q.take();
                        if (!seen.add(item)) {
                            duplicates.incrementAndGet();
                        }
                        if (lastOnes.contains(item)) {
                            finishLastOnes.await();
                        }
                        done.incrementAndGet();
                        q.taskDone();
                    }
                } catch (InterruptedException e) {
                    // the test ends the consumers
                }
            }));
        }
        List<Thread> producing = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            producing.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    q.put(base + i);
                }
            }));
        }
        Blocked joiner = null;
        try {
            go.countDown();
            Await.joined(WITHIN, producing.toArray(Thread[]::new));
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (seen.size() < total && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
            assertThat(seen).as("distinct items taken (of %d put by %d producers)", total, producers).hasSize(total);
            assertThat(duplicates.get()).as("items taken twice").isZero();
            joiner = Blocked.joining(q, "joiner");
            assertThat(stillWaiting(joiner)).as("join() returned while 3 of %d items were taken but not marked done",
                    total).isTrue();
            finishLastOnes.countDown();
            assertThat(joiner.endsWithin(Duration.ofSeconds(5))).as("join() returned after the last items were "
                    + "marked done").isTrue();
            assertThat(done.get()).as("items marked done when join() returned (of %d)", total).isEqualTo(total);
        } finally {
            finishLastOnes.countDown();
            end(joiner);
            consumers.forEach(Thread::interrupt);
            Await.joined(WITHIN, consumers.toArray(Thread[]::new));
        }
    }

    @Test
    @Hint(when = "null", value = "A null item is refused with NullPointerException, as every java.util.concurrent "
            + "queue does, and the queue stays as it was. See the Javadoc of put.")
    @Hint("The queue must work from any thread (a daemon, a virtual thread, a renamed one) and on two queues at once: "
            + "each queue has its own state. See the lesson's Q2.")
    void worksFromEveryKindOfCallerAndRefusesNull() throws Exception {
        JoinableQueue<String> first = new JoinableQueue<>();
        JoinableQueue<String> second = new JoinableQueue<>();
        second.put("other");
        assertThat(catchThrowable(() -> first.put(null))).as("what put(null) threw").isInstanceOf(
                NullPointerException.class);
        Blocked afterNull = Blocked.joining(first, "joiner-after-null");
        try {
            assertThat(afterNull.endsWithin(WITHIN)).as("join() after a refused put(null) returned at once (the null "
                    + "was not counted)").isTrue();
        } finally {
            end(afterNull);
        }
        for (Caller caller : Callers.all()) {
            String got = caller.call(WITHIN, () -> {
                first.put("from " + caller.name());
                String item = first.take();
                first.taskDone();
                first.join();
                return item;
            });
            assertThat(got).as("item put and taken by a %s", caller.describe()).isEqualTo("from " + caller.name());
        }
        Blocked joiner = Blocked.joining(second, "joiner-second");
        try {
            assertThat(stillWaiting(joiner)).as("join() on a second queue with one unfinished item, while the first "
                    + "queue was all done").isTrue();
            assertThat(second.take()).as("the second queue's item").isEqualTo("other");
            second.taskDone();
            assertThat(joiner.endsWithin(WITHIN)).as("join() on the second queue after its taskDone()").isTrue();
        } finally {
            end(joiner);
        }
    }
}
