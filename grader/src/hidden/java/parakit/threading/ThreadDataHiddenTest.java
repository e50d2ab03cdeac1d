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
    @Hint("Each thread must see only its own label: a plain static field is shared by every thread. See the "
            + "lesson's Q13, 'The Java idiom'.")
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
    @Hint("A thread that has not set a label must see none, as Python's local has no attribute in a new thread, "
            + "and the thread that set one must see it again: every call must use one ThreadLocal, the same for all "
            + "calls. See the lesson's Q13, 'The Java idiom'.")
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
    @Hint("clearLabel() must make the label unset again, as in a thread that never set one: see the lesson's Q13 "
            + "on set, get and remove().")
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
    @Hint("Every thread must start with the counter at INITIAL: see the lesson's Q13, 'The Java idiom', on a value "
            + "every thread starts with (the initial value).")
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
    @Hint("Increments must stay in their own thread: each thread needs a new holder of its own, not one object "
            + "shared by all. See the lesson's Q13 on what the initial-value supplier must return.")
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

    @Test
    @Hint("Each thread must see only its own label and counter, also threads that have no name or share one (two "
            + "unnamed virtual threads): see the lesson's Q13, 'The Java idiom', on what keeps a value per thread.")
    void labelsAndCountersArePerThreadAlsoInVirtualThreads() {
        CyclicBarrier pair = new CyclicBarrier(2);
        Map<String, Optional<String>> labels = new ConcurrentHashMap<>();
        Map<String, Integer> counters = new ConcurrentHashMap<>();
        Thread[] ts = new Thread[2];
        for (int i = 0; i < 2; i++) {
            String mine = i == 0 ? "A" : "B";
            int increments = i == 0 ? 3 : 1;
            ts[i] = Thread.ofVirtual().start(() -> {
                ThreadData.setLabel(mine);
                for (int k = 0; k < increments; k++) {
                    ThreadData.increment();
                }
                meet(pair);
                labels.put(mine, ThreadData.label());
                counters.put(mine, ThreadData.counter());
            });
        }
        Await.joined(Duration.ofSeconds(5), ts);
        assertThat(labels).as("label each unnamed virtual thread read after both had set theirs")
                .containsEntry("A", Optional.of("A")).containsEntry("B", Optional.of("B"));
        assertThat(counters).as("counter of each unnamed virtual thread after its own increments")
                .containsEntry("A", ThreadData.INITIAL + 3).containsEntry("B", ThreadData.INITIAL + 1);
    }

    @Test
    @Hint("A new thread starts with no label and the counter at INITIAL, even when the thread that starts it has "
            + "set its own: see the lesson's Q13 task and what a new thread's values are.")
    void aThreadStartedByALabelledThreadStartsAfresh() {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            ThreadData.setLabel("parent");
            ThreadData.increment();
            Thread child = Thread.ofPlatform().name("child").start(() -> {
                seen.put("child label", ThreadData.label());
                ThreadData.increment();
                seen.put("child counter", ThreadData.counter());
            });
            Await.joined(Duration.ofSeconds(5), child);
            seen.put("parent counter", ThreadData.counter());
        });
        assertThat(seen.get("child label")).as("label of a new thread started by a thread labelled 'parent'")
                .isEqualTo(Optional.empty());
        assertThat(seen.get("child counter")).as("counter of that new thread after one increment of its own")
                .isEqualTo(ThreadData.INITIAL + 1);
        assertThat(seen.get("parent counter")).as("counter of the starting thread after its one increment")
                .isEqualTo(ThreadData.INITIAL + 1);
    }

    @Test
    @Hint("clearLabel() unsets the label of the calling thread only, and a label set again afterwards is seen "
            + "again: see the lesson's Q13 on removing a thread's value.")
    void clearingInOneThreadLeavesTheOthersAlone() {
        CyclicBarrier pair = new CyclicBarrier(2);
        Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
        inThreads(() -> {
            ThreadData.setLabel("kept");
            meet(pair);
            meet(pair);
            seen.put("other thread", ThreadData.label());
        }, () -> {
            meet(pair);
            ThreadData.setLabel("dropped");
            ThreadData.clearLabel();
            seen.put("after clear", ThreadData.label());
            ThreadData.setLabel("again");
            seen.put("set again", ThreadData.label());
            meet(pair);
        });
        assertThat(seen.get("other thread")).as("label of a thread after another thread cleared its own")
                .isEqualTo(Optional.of("kept"));
        assertThat(seen.get("after clear")).as("label after clearLabel()").isEqualTo(Optional.empty());
        assertThat(seen.get("set again")).as("label set again after clearLabel()").isEqualTo(Optional.of("again"));
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
