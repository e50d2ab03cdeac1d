package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 10, title = "Producer and consumers on a Condition")
@Requires(type = Condition.class, method = "await", in = "SharedResource.take",
        why = "take() must wait on a Condition (lock.newCondition()), Java's threading.Condition")
class SharedResourceHiddenTest {

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
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    got.put(index, e);
                }
            });
        }
        return ts;
    }

    @Test
    @Points(3)
    @Hint("One publish must wake EVERY waiting consumer: signalAll() (notifyAll()). signal() wakes one, and the "
            + "others sleep on although items are there for them.")
    void onePublishReleasesEveryWaitingConsumer() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 4, got);
        Await.untilBlocked(Duration.ofSeconds(5), ts);
        r.publish(List.of("a", "b", "c", "d"));
        Await.joined(Duration.ofSeconds(5), ts);
        assertThat(got.values()).as("items the four consumers took").containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    @Points(3)
    @Hint("A consumer that wakes up must check again that an item is there (while, not if, around await()): "
            + "all waiters wake on signalAll(), but only as many can proceed as there are items.")
    void wokenConsumersRecheckBeforeTaking() {
        SharedResource<String> r = new SharedResource<>();
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 3, got);
        try {
            Await.untilBlocked(Duration.ofSeconds(5), ts);
            r.publish(List.of("only"));
            // Exactly one consumer may proceed; the other two must go back to waiting.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (got.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            sleep(200);
            assertThat(got).as("what the consumers got from a single published item").hasSize(1).containsValue("only");
            // The two that got nothing (known by index, not by isAlive: the lucky one may still be exiting).
            int lucky = got.keySet().iterator().next();
            List<Thread> rest = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                if (i != lucky) {
                    rest.add(ts[i]);
                }
            }
            Await.untilBlocked(Duration.ofSeconds(3), rest.toArray(Thread[]::new));
        } finally {
            r.publish(List.of("x", "y", "z"));
            Await.joined(Duration.ofSeconds(5), ts);
        }
        assertThat(got.values()).as("items taken after more were published").doesNotContain("null")
                .noneMatch(v -> v instanceof Throwable).hasSize(3);
    }

    @Test
    @Points(2)
    @Hint("Items published before anyone waits must not be missed: check the queue first and wait only while it "
            + "is empty (a consumer that always waits for the next signal misses what is already there).")
    void itemsPublishedBeforeTheConsumerArrivesAreTaken() {
        SharedResource<String> r = new SharedResource<>();
        r.publish(List.of("early"));
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        Thread[] ts = consumers(r, 1, got);
        Await.joined(Duration.ofSeconds(3), ts);
        assertThat(got).containsEntry(0, "early");
    }

    @Test
    @Hint("take() must remove the OLDEST item (removeFirst / poll from the head of the queue): first published, "
            + "first taken.")
    void itemsAreTakenOldestFirst() throws InterruptedException {
        SharedResource<String> r = new SharedResource<>();
        r.publish(List.of("1", "2"));
        r.publish(List.of("3"));
        assertThat(List.of(r.take(), r.take(), r.take())).containsExactly("1", "2", "3");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
