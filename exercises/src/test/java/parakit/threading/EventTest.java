package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q5 (Event). The grader runs more, hidden ones. */
@Timeout(10)
class EventTest {

    @Test
    @Hint("isSet() reports the flag that set() sets and clear() clears: see the lesson's Q5 task.")
    void setClearAndIsSet() {
        Event e = new Event();
        assertThat(e.isSet()).as("a new event").isFalse();
        e.set();
        assertThat(e.isSet()).as("after set()").isTrue();
        e.clear();
        assertThat(e.isSet()).as("after clear()").isFalse();
    }

    @Test
    @Hint("A thread waiting in await() must be released by set(), and a wait on a set event returns true at once: "
            + "see the lesson's Q5, 'The Java idiom'.")
    void setReleasesAWaiter() throws InterruptedException {
        Event e = new Event();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                e.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(100);
        e.set();
        waiter.join(5_000);
        assertThat(waiter.isAlive()).as("waiter still waiting after set()").isFalse();
        assertThat(e.await(Duration.ofMillis(10))).as("timed wait on a set event").isTrue();
    }
}
