package parakit.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q2 (JoinableQueue). The grader runs more, hidden, ones. */
@Timeout(10)
class JoinableQueueTest {

    @Test
    @Hint("Items come out in the order they were put, and join() returns once each of them is marked done: see the "
            + "lesson's Q2 task.")
    @DisplayName("a consumer takes three items in order, marks each done, and join() returns")
    void itemsComeOutInOrderAndJoinReturnsWhenAllAreDone() throws Exception {
        JoinableQueue<String> queue = new JoinableQueue<>();
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    taken.add(queue.take());
                    queue.taskDone();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queue.put("a");
        queue.put("b");
        queue.put("c");
        Thread joiner = Thread.ofPlatform().name("joiner").start(() -> {
            try {
                queue.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(joiner.join(Duration.ofSeconds(3))).as("join() returned after every item was marked done").isTrue();
        assertThat(taken).as("items taken, in order").containsExactly("a", "b", "c");
        consumer.join(Duration.ofSeconds(3));
    }

    @Test
    @Hint("join() waits until every item is marked done with taskDone(), not until the queue is empty: see the "
            + "lesson's Q2 on the count of unfinished items.")
    @DisplayName("join() still waits while a taken item is not marked done")
    void joinWaitsForTaskDoneNotForAnEmptyQueue() throws Exception {
        JoinableQueue<Integer> queue = new JoinableQueue<>();
        queue.put(1);
        assertThat(queue.take()).as("the item taken").isEqualTo(1);
        Thread joiner = Thread.ofPlatform().name("joiner").start(() -> {
            try {
                queue.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(joiner.join(Duration.ofMillis(200))).as("join() returned although the taken item was not marked "
                + "done").isFalse();
        queue.taskDone();
        assertThat(joiner.join(Duration.ofSeconds(3))).as("join() returned after taskDone()").isTrue();
    }
}
