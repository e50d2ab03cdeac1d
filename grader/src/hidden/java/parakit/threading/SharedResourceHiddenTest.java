package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.HeldLocks;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;

@Question(section = "threading", number = 10, title = "Producer and consumers on a Condition")
@Requires(type = Condition.class, method = "await", in = "SharedResource.take",
        why = "take() must wait on a Condition (lock.newCondition()), Java's threading.Condition")
class SharedResourceHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    /** Consumers that each take one item and record it (or what they threw) under their index. */
    private static Thread[] consumers(SharedResource<String> r, int n, Map<Integer, Object> got) {
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            ts[i] = Thread.ofPlatform().name("consumer-" + i).start(() -> {
                try {
                    String item = r.take();
                    got.put(index, item == null ? "null" : item);
                } catch (InterruptedException e) {
                    got.put(index, e);
                } catch (RuntimeException e) {
                    got.put(index, e);
                }
            });
        }
        return ts;
    }

    /** Await.joined, with a description in front of the message (for the hints' {@code when}). */
    private static void joinedAs(String what, Duration within, Thread... ts) {
        try {
            Await.joined(within, ts);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    /** Waits until every thread is parked (WAITING or TIMED_WAITING) or has ended, within the deadline; never fails. */
    private static void untilParkedOrEnded(Duration within, List<Thread> ts) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ts.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                        || t.getState() == Thread.State.TIMED_WAITING || !t.isAlive())
                && System.nanoTime() - deadline < 0) {
            sleep(2);
        }
    }

    @Test
    @Points(3)
    @Hint("One publish may make items available to several waiting consumers at once: a wake-up that reaches only "
            + "one waiter leaves the others asleep beside items meant for them. See the lesson's Q10 on how publish "
            + "wakes the consumers.")
    void onePublishReleasesEveryWaitingConsumer() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 4, got);
        try {
            Await.untilBlocked(WITHIN, ts);
            r.publish(List.of("a", "b", "c", "d"));
            joinedAs("consumers still waiting after one publish of four items", Duration.ofSeconds(3), ts);
        } finally {
            release(r, ts);
        }
        assertThat(got.values()).as("items the four consumers took").containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    @Points(3)
    @Hint("All waiters wake on a publish, but only as many can proceed as there are items: a consumer that wakes "
            + "must look at the queue again before it takes. See the lesson's Q10 on why the check is a loop.")
    @Hint(value = "A publish must wake the consumers that wait on the condition: adding the items is not enough. "
            + "See the lesson's Q10 on how publish wakes them.", when = "woken by the publish")
    @Hint(value = "One publish may make items available to several waiting consumers at once: a wake-up that reaches "
            + "only one waiter leaves the others asleep. See the lesson's Q10 on how publish wakes the consumers.",
            when = "two more items were published")
    void wokenConsumersRecheckBeforeTaking() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 3, got);
        try {
            Await.untilBlocked(WITHIN, ts);
            r.publish(List.of("only"));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (got.isEmpty() && System.nanoTime() - deadline < 0) {
                sleep(1);
            }
            assertThat(got).as("what a consumer woken by the publish of one item took").isNotEmpty();
            // The ones that got nothing must wait again (or, wrongly, end with null or an exception).
            int lucky = got.keySet().iterator().next();
            List<Thread> rest = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                if (i != lucky) {
                    rest.add(ts[i]);
                }
            }
            untilParkedOrEnded(WITHIN, rest);
            assertThat(got).as("what the consumers got from a single published item").hasSize(1).containsValue("only");
            assertThat(rest).as("consumers that found nothing after the wake-up are still in take()")
                    .allMatch(Thread::isAlive);
            r.publish(List.of("x", "y"));
            joinedAs("consumers still waiting after two more items were published", Duration.ofSeconds(3),
                    rest.toArray(Thread[]::new));
        } finally {
            release(r, ts);
        }
        assertThat(got.values()).as("items taken after more were published").doesNotContain("null")
                .noneMatch(v -> v instanceof Throwable).hasSize(3);
    }

    @Test
    @Points(2)
    @Hint("Items published before anyone waits must not be missed: a consumer that waits for the next wake-up "
            + "without looking at the queue first misses what is already there.")
    void itemsPublishedBeforeTheConsumerArrivesAreTaken() {
        SharedResource<String> r = new SharedResource<>();
        r.publish(List.of("early"));
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 1, got);
        try {
            joinedAs("a consumer that arrived after the publish still waits", Duration.ofSeconds(3), ts);
        } finally {
            release(r, ts);
        }
        assertThat(got).as("what the late consumer took").containsEntry(0, "early");
    }

    @Test
    @Hint("take() must remove the oldest item: first published, first taken (a queue, not a stack).")
    @Hint(value = "Items published before anyone waits must not be missed: a consumer that waits for the next "
            + "wake-up without looking at the queue first misses what is already there.", when = "did not return")
    void itemsAreTakenOldestFirst() {
        SharedResource<String> r = new SharedResource<>();
        r.publish(List.of("1", "2"));
        r.publish(List.of("3"));
        List<String> taken;
        try {
            taken = Caller.PLATFORM.call(Duration.ofSeconds(3), () -> List.of(r.take(), r.take(), r.take()));
        } catch (AssertionError e) {
            throw new AssertionError("take() of items published before did not return: " + e.getMessage(), e);
        }
        assertThat(taken).as("items in the order take() returned them").containsExactly("1", "2", "3");
    }

    @Test
    @Points(2)
    @Hint(value = "A consumer must wait for a signal of the condition, not wake up again and again to look (a timed "
            + "wait or a sleep in a loop is polling). See the lesson's Q10 on Condition.await().", when = "polling")
    @Hint(value = "A consumer must wait for a signal, not keep running to look (busy-waiting).", when = "busy-waiting")
    @Hint(value = "A publish must wake the consumers that wait on the condition: adding the items is not enough, a "
            + "waiting consumer does not look again by itself. See the lesson's Q10 on how publish wakes them.",
            when = "after the publish")
    void aConsumerWaitsUntilAPublishSignalsIt() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 1, got);
        try {
            Await.untilWaiting(WITHIN, ts);
            assertThat(got).as("what a consumer of an empty resource took before any publish").isEmpty();
            r.publish(List.of("signalled"));
            joinedAs("the waiting consumer was not woken after the publish", Duration.ofSeconds(3), ts);
        } finally {
            release(r, ts);
        }
        assertThat(got).as("what the waiting consumer took after the publish").containsEntry(0, "signalled");
    }

    @Test
    @Points(2)
    @Hint(value = "A consumer interrupted while it waits must leave take() with InterruptedException: not take an "
            + "item, return null or keep waiting. See the lesson's Q10 and Condition.await()'s contract.",
            when = "interrupted consumer")
    @Hint(value = "An interrupted take() must leave the resource working: its lock free, no item lost, and the next "
            + "consumer woken by the next publish (see the lesson's Q10).",
            when = "after the interrupted")
    void anInterruptedConsumerLeavesWithInterruptedException() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 1, got);
        try {
            Await.untilBlocked(WITHIN, ts);
            ts[0].interrupt();
            joinedAs("an interrupted consumer still waits", Duration.ofSeconds(3), ts);
        } finally {
            release(r, ts);
        }
        assertThat(got.get(0)).as("what the interrupted consumer's take() returned or threw")
                .isInstanceOf(InterruptedException.class);
        // Afterwards the resource works as before: the lock is free, and the next consumer gets the next item.
        Map<Integer, Object> next = new ConcurrentHashMap<>();
        Thread[] later = consumers(r, 1, next);
        try {
            Await.untilBlocked(WITHIN, later);
            Caller.PLATFORM.run(Duration.ofSeconds(3), () -> r.publish(List.of("kept")));
            Await.joined(Duration.ofSeconds(3), later);
        } catch (AssertionError e) {
            throw new AssertionError("after the interrupted take(), a publish and the next consumer's take() did "
                    + "not finish: " + e.getMessage(), e);
        } finally {
            release(r, later);
        }
        assertThat(next.get(0)).as("item the next consumer took after the interrupted take()").isEqualTo("kept");
    }

    @Test
    @Points(2)
    @Hint("The consumer decided to wait on what it saw before it held the lock; a publish in between was missed "
            + "and the consumer waits although an item is there (a lost wake-up). Look at the queue only while "
            + "holding its lock: see the lesson's Q10 and Q6 (every access under the lock).")
    void aPublishBeforeTheConsumerGetsTheLockIsNotMissed() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts;
        try (HeldLocks held = HeldLocks.of(r)) {
            ts = consumers(r, 1, got);
            held.untilQueued(WITHIN, ts[0]);
            // The consumer waits for the lock: publish now (the test's hold is reentrant), before it gets it.
            r.publish(List.of("meanwhile"));
        }
        try {
            joinedAs("the consumer waits although an item was published while it waited for the lock",
                    Duration.ofSeconds(3), ts);
        } finally {
            release(r, ts);
        }
        assertThat(got).as("what the consumer took").containsEntry(0, "meanwhile");
    }

    @Test
    @Points(2)
    @Hint("publish changed the queue while another thread held the resource's lock: the queue is shared state, "
            + "and every access to it, adding too, must happen while holding its lock. See the lesson's Q6 and Q10.")
    @Hint(value = "A publish that throws must still release the lock, on every path out of the method: see the "
            + "lesson's Q9 on where the release goes.", when = "after a publish that threw")
    @Hint(value = "A publish must wake the consumers that wait on the condition: adding the items is not enough. "
            + "See the lesson's Q10 on how publish wakes them.", when = "holder's take() did not return")
    void publishTouchesTheQueueOnlyUnderTheLock() {
        SharedResource<String> r = new SharedResource<>();
        AtomicReference<Object> taken = new AtomicReference<>();
        AtomicBoolean producerStillQueued = new AtomicBoolean();
        Thread[] producer = new Thread[1];
        // A holder thread holds the lock, lets a producer queue for it, then takes an item itself (reentrantly).
        // A correct publish has not touched the queue yet: take() waits, which lets the producer in. A publish
        // that adds before it locks has already added: take() returns at once, the producer still queued.
        Thread holder = Thread.ofPlatform().name("holder").start(() -> {
            try (HeldLocks held = HeldLocks.of(r)) {
                producer[0] = Thread.ofPlatform().name("producer").start(() -> r.publish(List.of("p")));
                held.untilQueued(WITHIN, producer[0]);
                taken.set(r.take());
                producerStillQueued.set(held.isQueued(producer[0]));
            } catch (Throwable t) {
                taken.set(t);
            }
        });
        try {
            joinedAs("the holder's take() did not return, although a producer published an item", WITHIN, holder);
            if (producer[0] != null) {
                Await.joined(WITHIN, producer[0]);
            }
        } finally {
            holder.interrupt();
            release(r, holder);
        }
        assertThat(taken.get()).as("item the lock's holder took").isEqualTo("p");
        assertThat(producerStillQueued).as("the producer's item was in the queue while the producer still waited "
                + "for the lock").isFalse();
        // Whatever publish does with a batch it cannot add (a null item: ArrayDeque refuses it), the lock is free
        // afterwards: another thread's publish goes through.
        try {
            r.publish(java.util.Arrays.asList("x", null));
        } catch (RuntimeException refused) {
            // allowed: the contract does not say what a null item does
        }
        Thread next = Thread.ofPlatform().name("next-producer").start(() -> r.publish(List.of("q")));
        joinedAs("another thread's publish after a publish that threw did not return", WITHIN, next);
    }

    /**
     * Lets every consumer still alive finish (spare items for the waiting ones, an interrupt for any other) and
     * joins them. Never throws: it runs in {@code finally}, where it must not hide the test's own failure; a
     * thread it cannot end is left to the grader, which recycles the test JVM.
     */
    private static void release(SharedResource<String> r, Thread... ts) {
        List<String> spare = new ArrayList<>();
        for (Thread t : ts) {
            if (t.isAlive()) {
                spare.add("spare");
            }
        }
        try {
            if (!spare.isEmpty()) {
                Caller.PLATFORM.run(Duration.ofSeconds(2), () -> r.publish(spare));
            }
            for (Thread t : ts) {
                t.interrupt();
            }
            Await.joined(Duration.ofSeconds(2), ts);
        } catch (AssertionError e) {
            // reported by the test's own checks, or by the grader's check for threads left running
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
