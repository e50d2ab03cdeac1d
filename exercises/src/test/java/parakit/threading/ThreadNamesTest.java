package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q2 (ThreadNames). The grader runs more, hidden ones. */
@Timeout(10)
class ThreadNamesTest {

    @Test
    @Hint("Each new thread must have its name prefix-i from its start, and its body the name it reads for itself: "
            + "see the lesson's Q2, 'The Java idiom'.")
    void threadsAreNamedWithPrefixAndIndex() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = ThreadNames.startNamed("worker", 3, seen::add);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(threads).extracting(Thread::getName).as("names of the started threads")
                .containsExactly("worker-0", "worker-1", "worker-2");
        assertThat(seen).as("names the threads saw for themselves").containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2");
    }

    @Test
    @Hint("Create a few platform threads without a name and print their names: see the lesson's Q2 task.")
    void defaultNamePatternMatchesAnUnnamedThread() {
        String name = new Thread(() -> { }).getName();
        assertThat(name).as("default name of an unnamed platform thread").matches(ThreadNames.defaultPlatformNamePattern());
    }
}
