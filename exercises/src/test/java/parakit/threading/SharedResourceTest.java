package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q10 (SharedResource). The grader runs more, hidden ones. */
@Timeout(10)
class SharedResourceTest {

    @Test
    @Hint("take() removes the oldest item: first published, first taken (see the lesson's Q10).")
    void itemsComeOutOldestFirst() throws InterruptedException {
        SharedResource<String> r = new SharedResource<>();
        r.publish(List.of("a", "b"));
        assertThat(r.take()).as("first item taken").isEqualTo("a");
        assertThat(r.take()).as("second item taken").isEqualTo("b");
    }

    @Test
    @Hint("A consumer that waits on the condition must be woken by the publish and then find the item: see the "
            + "lesson's Q10 on how publish wakes the consumers.")
    void aWaitingConsumerGetsAPublishedItem() throws InterruptedException {
        SharedResource<Integer> r = new SharedResource<>();
        AtomicReference<Integer> got = new AtomicReference<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                got.set(r.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(100);
        r.publish(List.of(7));
        consumer.join(5_000);
        assertThat(got.get()).as("item the waiting consumer received").isEqualTo(7);
    }
}
