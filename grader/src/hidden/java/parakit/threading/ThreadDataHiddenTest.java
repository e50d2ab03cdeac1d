package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 13, title = "Thread-local data")
@Requires(type = ThreadLocal.class, method = "*", in = "ThreadData",
        why = "ThreadData must keep its values in ThreadLocal variables")
class ThreadDataHiddenTest {

    /** Runs each body in its own new thread, all released together, and joins them. */
    private static void inThreads(Runnable... bodies) {
        CyclicBarrier gate = new CyclicBarrier(bodies.length);
        Thread[] ts = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            Runnable body = bodies[i];
            ts[i] = Thread.ofPlatform().name("t" + i).start(() -> {
                try {
                    gate.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                body.run();
            });
        }
        Await.joined(Duration.ofSeconds(5), ts);
    }

    private static final CyclicBarrier PAIR = new CyclicBarrier(2);

    private static void meet() {
        try {
            PAIR.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Points(2)
    @Hint("Each thread must see only its own label: keep it in a ThreadLocal, not in a plain static field "
            + "shared by every thread.")
    void labelsArePerThread() {
        Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            ThreadData.setLabel("A");
            meet();
            meet();
            seen.put("A", ThreadData.label());
        }, () -> {
            meet();
            ThreadData.setLabel("B");
            meet();
            seen.put("B", ThreadData.label());
        });
        assertThat(seen).as("label each thread read after both had set theirs")
                .containsEntry("A", Optional.of("A")).containsEntry("B", Optional.of("B"));
    }

    @Test
    @Points(2)
    @Hint("A thread that has not set a label must see none (Optional.empty()), as Python's local has no "
            + "attribute in a new thread; and the thread that set one must see it again: keep ONE ThreadLocal "
            + "in a static final field, not a new one per call.")
    void aNewThreadHasNoLabelAndTheSetterSeesItsOwn() {
        Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            ThreadData.setLabel("mine");
            seen.put("setter", ThreadData.label());
            meet();
        }, () -> {
            meet();
            seen.put("other", ThreadData.label());
        });
        assertThat(seen.get("setter")).as("label read back by the thread that set it").contains("mine");
        assertThat(seen.get("other")).as("label in another thread that never set one").isEmpty();
    }

    @Test
    @Hint("clearLabel() must make the label unset again (ThreadLocal.remove()), not set it to an empty string.")
    void clearMakesTheLabelUnset() {
        Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            ThreadData.setLabel("temporary");
            ThreadData.clearLabel();
            seen.put("after clear", ThreadData.label());
        });
        assertThat(seen.get("after clear")).as("label after clearLabel()").isEmpty();
    }

    @Test
    @Points(2)
    @Hint("Every thread must start with the counter at INITIAL: give the ThreadLocal an initial value "
            + "(ThreadLocal.withInitial), or get() returns null in a new thread.")
    void everyNewThreadSeesTheInitialCounter() {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        inThreads(() -> seen.put("t0", ThreadData.counter()), () -> seen.put("t1", ThreadData.counter()),
                () -> seen.put("t2", ThreadData.counter()));
        assertThat(seen).as("counter read first thing in three new threads")
                .containsOnly(Map.entry("t0", ThreadData.INITIAL), Map.entry("t1", ThreadData.INITIAL),
                        Map.entry("t2", ThreadData.INITIAL));
    }

    @Test
    @Points(2)
    @Hint("Increments must stay in their own thread: the initial-value supplier must create a NEW holder for each "
            + "thread (() -> new int[] {INITIAL}), not hand every thread the same object.")
    void incrementsStayInTheirThread() {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            for (int i = 0; i < 5; i++) {
                ThreadData.increment();
            }
            meet();
            seen.put("five", ThreadData.counter());
        }, () -> {
            ThreadData.increment();
            ThreadData.increment();
            meet();
            seen.put("two", ThreadData.counter());
        });
        assertThat(seen).as("counter of each thread after its own increments")
                .containsEntry("five", ThreadData.INITIAL + 5).containsEntry("two", ThreadData.INITIAL + 2);
    }
}
