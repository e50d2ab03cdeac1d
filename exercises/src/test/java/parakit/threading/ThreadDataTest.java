package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q13 (ThreadData). The grader runs more, hidden ones. */
@Timeout(10)
class ThreadDataTest {

    @Test
    @Hint("What one thread sets is that thread's only: see the lesson's Q13, 'The Java idiom'.")
    void aLabelSetHereIsUnsetInANewThread() throws InterruptedException {
        ThreadData.setLabel("main's");
        AtomicReference<Optional<String>> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> seen.set(ThreadData.label()));
        t.join();
        assertThat(ThreadData.label()).as("label in the thread that set it").contains("main's");
        assertThat(seen.get()).as("label in a new thread").isEmpty();
        ThreadData.clearLabel();
    }

    @Test
    @Hint("Every thread starts with the counter at INITIAL: see the lesson's Q13 on a value every thread starts with.")
    void aNewThreadSeesTheInitialCounter() throws InterruptedException {
        int[] seen = new int[1];
        Thread t = Thread.ofPlatform().start(() -> seen[0] = ThreadData.counter());
        t.join();
        assertThat(seen[0]).as("counter in a new thread").isEqualTo(ThreadData.INITIAL);
    }
}
