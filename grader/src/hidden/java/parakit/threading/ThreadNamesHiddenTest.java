package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;

@Question(section = "threading", number = 2, title = "Naming threads")
class ThreadNamesHiddenTest {

    @Test
    @Points(2)
    @Hint("Every thread needs a unique name, prefix-0, prefix-1, ...: build the name from the loop index, and "
            + "name the new thread (Thread.ofPlatform().name(...)), not the current one.")
    void namesAreUniqueAndFollowPrefixAndIndex() {
        List<Thread> threads = ThreadNames.startNamed("crawler", 12, name -> { });
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(threads).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(threads.get(i).getName()).as("name of thread %d", i).isEqualTo("crawler-" + i);
        }
        assertThat(Thread.currentThread().getName()).as("the caller's own name must not change").isNotEqualTo("crawler-11");
    }

    @Test
    @Hint("The body must get the name the running thread reads for itself (Thread.currentThread().getName()), "
            + "and the thread must have that name before it starts.")
    void eachThreadSeesItsOwnNameFromTheStart() {
        Map<Thread, String> seen = new ConcurrentHashMap<>();
        List<Thread> threads = ThreadNames.startNamed("reader", 6, name -> seen.put(Thread.currentThread(), name));
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(seen).as("thread -> name it saw").hasSize(6);
        seen.forEach((t, name) -> assertThat(name).as("name seen by %s", t.getName()).isEqualTo(t.getName()));
    }

    @Test
    @Points(2)
    @Hint("Unnamed platform threads are called Thread-0, Thread-1, ... with an ever-growing number: the pattern "
            + "must allow any number of digits, and match the whole name only.")
    void defaultPlatformNamePatternMatchesEveryUnnamedThreadAndNothingElse() {
        String pattern = ThreadNames.defaultPlatformNamePattern();
        for (int i = 0; i < 20; i++) {
            // Twenty fresh threads: by now the JVM's counter is well past one digit.
            String name = new Thread(() -> { }).getName();
            assertThat(name).as("default name of an unnamed thread").matches(pattern);
        }
        assertThat(List.of("Thread", "Thread-", "thread-1", "Thread-1a", "worker-1", "Thread 1"))
                .as("names that are not a default platform-thread name").noneMatch(n -> n.matches(pattern));
    }

    @Test
    @Hint("Virtual threads have no default name at all: getName() returns an empty string, not Thread-N or null.")
    void defaultVirtualNameIsWhatAnUnnamedVirtualThreadHas() {
        assertThat(ThreadNames.defaultVirtualName()).isEqualTo(Thread.ofVirtual().unstarted(() -> { }).getName());
    }
}
