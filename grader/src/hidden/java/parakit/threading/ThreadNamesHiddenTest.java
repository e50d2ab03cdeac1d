package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.support.Hint;

/**
 * Hidden tests for Q2. The default-name answers are checked against real threads created in every way the JDK
 * offers (constructor, builder, factory), from platform and virtual callers; the hints name the experiment to
 * run, never its result.
 */
@Question(section = "threading", number = 2, title = "Naming threads")
class ThreadNamesHiddenTest {

    @Test
    @Points(2)
    @Hint("Every started thread needs its own name, prefix-0, prefix-1, ..., and the caller keeps its own: the code "
            + "must name the new thread, not the current one. See the lesson's Q2, 'The Java idiom'.")
    void namesAreUniqueAndFollowPrefixAndIndex() {
        String callerName = Thread.currentThread().getName();
        for (String prefix : List.of("crawler", "indexer")) {
            List<Thread> threads = ThreadNames.startNamed(prefix, 12, name -> { });
            Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
            assertThat(threads).as("threads startNamed(\"%s\", 12, ...) returned", prefix).hasSize(12);
            for (int i = 0; i < 12; i++) {
                assertThat(threads.get(i).getName()).as("name of thread %d", i).isEqualTo(prefix + "-" + i);
            }
        }
        assertThat(Thread.currentThread().getName()).as("the caller's own name after startNamed").isEqualTo(callerName);
    }

    @Test
    @Hint("The body must get the name the running thread reads for itself, on that thread, and the thread must have "
            + "that name from its start: see the lesson's Q2, 'The Java idiom'.")
    void eachThreadSeesItsOwnNameFromTheStart() {
        Map<Thread, String> seen = new ConcurrentHashMap<>();
        List<Thread> threads = ThreadNames.startNamed("reader", 6, name -> seen.put(Thread.currentThread(), name));
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(seen).as("thread -> name it saw").hasSize(6);
        seen.forEach((t, name) -> assertThat(name).as("name seen by %s", t.getName()).isEqualTo(t.getName()));
    }

    @Test
    @Hint("startNamed must start platform threads, whoever calls it: see the lesson's Q1 and Q2 on the two kinds "
            + "of thread and their builders.")
    void startNamedStartsPlatformThreadsWhateverTheCaller() {
        for (Caller caller : List.of(Caller.PLATFORM, Caller.VIRTUAL)) {
            Map<Thread, Boolean> virtual = new ConcurrentHashMap<>();
            List<Thread> threads = caller.call(Duration.ofSeconds(5), () -> ThreadNames.startNamed("p", 3,
                    name -> virtual.put(Thread.currentThread(), Thread.currentThread().isVirtual())));
            Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
            assertThat(threads).as("virtual threads among those startNamed returned, called from a %s",
                    caller.describe()).noneMatch(Thread::isVirtual);
            assertThat(virtual).as("thread that ran the body -> whether it is virtual, called from a %s",
                    caller.describe()).hasSize(3).doesNotContainValue(true);
        }
    }

    @Test
    @Points(2)
    @Hint(when = "not a default", value = "The pattern matches names the JDK never gives an unnamed platform thread: "
            + "it must match the whole default name and nothing else. Compare your pattern with the names you printed.")
    @Hint("The pattern must match the default name of every unnamed platform thread, whatever its number (the JDK "
            + "counts on for ever), however it was created: run the lesson's Q2 experiment with many threads.")
    void defaultPlatformNamePatternMatchesEveryUnnamedThreadAndNothingElse() {
        String pattern = ThreadNames.defaultPlatformNamePattern();
        List<String> names = new ArrayList<>();
        // Over a thousand unnamed threads (created, never started: cheap) take the JVM's counter past three digits.
        for (int i = 0; i < 1_100; i++) {
            names.add(new Thread(() -> { }).getName());
        }
        names.add(Thread.ofPlatform().unstarted(() -> { }).getName());
        names.add(Thread.ofPlatform().factory().newThread(() -> { }).getName());
        AtomicReference<String> fromVirtual = new AtomicReference<>();
        Caller.VIRTUAL.run(Duration.ofSeconds(5), () -> fromVirtual.set(new Thread(() -> { }).getName()));
        names.add(fromVirtual.get());
        for (String name : names.subList(names.size() - 8, names.size())) {
            assertThat(name).as("default name of an unnamed platform thread").matches(pattern);
        }
        assertThat(names.getFirst()).as("default name of an unnamed platform thread").matches(pattern);
        assertThat(List.of("", "Thread", "Thread-", "thread-1", "Thread-1a", "worker-1", "Thread 1", "xThread-1"))
                .as("names that are not a default platform-thread name, matched by the pattern")
                .noneMatch(n -> n.matches(pattern));
    }

    @Test
    @Hint("Compare the answer with the name of a virtual thread created without one, in each way the JDK offers "
            + "(builder, factory, Thread.startVirtualThread): run the lesson's Q2 experiment on virtual threads.")
    void defaultVirtualNameIsWhatAnUnnamedVirtualThreadHas() throws InterruptedException {
        String answer = ThreadNames.defaultVirtualName();
        AtomicReference<String> ownName = new AtomicReference<>();
        Thread started = Thread.startVirtualThread(() -> ownName.set(Thread.currentThread().getName()));
        Await.joined(Duration.ofSeconds(5), started);
        assertThat(answer).as("defaultVirtualName() vs an unnamed virtual thread from the builder")
                .isEqualTo(Thread.ofVirtual().unstarted(() -> { }).getName());
        assertThat(answer).as("defaultVirtualName() vs an unnamed virtual thread from a factory")
                .isEqualTo(Thread.ofVirtual().factory().newThread(() -> { }).getName());
        assertThat(answer).as("defaultVirtualName() vs the name a started unnamed virtual thread reads for itself")
                .isEqualTo(ownName.get());
    }
}
