package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 1, title = "Starting workers with a target and arguments")
@Requires(type = Thread.class, method = "*", in = "Workers.startAll",
        why = "Workers.startAll must create its threads itself (Thread.ofPlatform() or new Thread(...))")
class WorkersHiddenTest {

    @Test
    @Points(2)
    @Hint("Each index in 0..count-1 must be delivered exactly once: see the lesson's Q1, 'The Java idiom', on "
            + "handing each worker its own index.")
    void everyArgumentIsDeliveredExactlyOnce() {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Workers.startAll(24, i -> {
            pause(5);
            seen.add(i);
        });
        Await.joined(Duration.ofSeconds(8), threads.toArray(Thread[]::new));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            expected.add(i);
        }
        assertThat(seen).as("arguments received by 24 workers").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Hint("The target ran on the caller's thread, not on the new threads: see the lesson's Q1, 'The Java idiom', "
            + "on what start() and run() each do.")
    void eachWorkerRunsInItsOwnNewThread() {
        List<Thread> runners = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Workers.startAll(4, i -> runners.add(Thread.currentThread()));
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(runners).as("threads that ran the target, one per call").hasSize(4);
        assertThat(runners).as("threads that ran the target (the caller is %s)", Thread.currentThread())
                .doesNotContain(Thread.currentThread()).doesNotHaveDuplicates()
                .allMatch(threads::contains, "is one of the returned threads");
    }

    @Test
    @Points(2)
    @Hint("Worker i must be given i, the value of the loop counter when it was started, not a value read later "
            + "while it runs (by then the loop has moved on): see the lesson's Q1 on what a lambda captures.")
    void eachWorkerGetsTheIndexItWasStartedWith() {
        int n = 6;
        CreationOrder order = new CreationOrder();
        Map<Thread, Integer> created = new ConcurrentHashMap<>();
        Map<Thread, Integer> argument = new ConcurrentHashMap<>();
        AtomicReference<List<Thread>> started = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").start(() -> {
            order.set(-1); // the caller's own value: each thread it creates then gets the next creation number
            started.set(Workers.startAll(n, i -> {
                created.put(Thread.currentThread(), order.get());
                argument.put(Thread.currentThread(), i);
            }));
        });
        Await.joined(Duration.ofSeconds(5), caller);
        Await.joined(Duration.ofSeconds(5), started.get().toArray(Thread[]::new));
        assertThat(argument).as("workers that called the target").hasSize(n);
        for (Thread t : argument.keySet()) {
            assertThat(argument.get(t)).as("argument of the worker created %s-th (counting from 0)", created.get(t))
                    .isEqualTo(created.get(t));
        }
        for (int i = 0; i < n; i++) {
            assertThat(created.get(started.get().get(i))).as("creation number of the thread at index %d of the list", i)
                    .isEqualTo(i);
        }
    }

    @Test
    @Hint("The question asks for platform threads: see the lesson's Q1, 'Differences from Python', on the two "
            + "builders and what each starts.")
    void workersArePlatformThreads() {
        Map<Thread, Boolean> virtual = new ConcurrentHashMap<>();
        List<Thread> threads = Workers.startAll(3, i -> virtual.put(Thread.currentThread(), Thread.currentThread().isVirtual()));
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(threads).as("returned threads that are virtual").noneMatch(Thread::isVirtual);
        assertThat(virtual).as("thread that ran the target -> whether it is virtual").doesNotContainValue(true);
    }

    @Test
    @Hint(when = "changed", value = "The list startAll returns is the caller's to read, not to change: the Javadoc "
            + "says what kind of list it is. See the lesson's Q1 task.")
    @Hint("startAll(0) starts nothing and returns an empty list: see the Javadoc of startAll.")
    void theReturnedListIsUnmodifiableAndZeroStartsNothing() {
        List<Thread> threads = Workers.startAll(2, i -> { });
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        Thread extra = Thread.ofPlatform().unstarted(() -> { });
        for (Runnable change : List.<Runnable>of(() -> threads.add(extra), () -> threads.remove(0),
                () -> threads.set(0, extra), threads::clear)) {
            try {
                change.run();
            } catch (UnsupportedOperationException expected) {
                continue;
            }
            throw new AssertionError("the returned list was changed by the caller (add, remove, set or clear "
                    + "succeeded): it must be unmodifiable; now " + threads);
        }
        assertThat(threads).as("the returned list after the attempts to change it").hasSize(2);
        boolean[] called = {false};
        assertThat(Workers.startAll(0, i -> called[0] = true)).as("startAll(0, ...)").isEmpty();
        assertThat(called[0]).as("startAll(0, ...) called the target").isFalse();
    }

    /**
     * Numbers the threads a caller creates, in the order it creates them: {@link #childValue} runs on the creating
     * thread, inside the new thread's constructor, and the new thread reads its number with {@link #get()}.
     */
    private static final class CreationOrder extends InheritableThreadLocal<Integer> {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        protected Integer childValue(Integer parentValue) {
            return next.getAndIncrement();
        }
    }

    @Test
    @Points(2)
    @Hint("The workers did not run at the same time: each must be running while the next ones start (a worker "
            + "that is waited for (join) before the next starts runs alone). See the lesson's Q1 task.")
    void workersRunConcurrently() {
        int n = 4;
        CountDownLatch allArrived = new CountDownLatch(n);
        AtomicReference<List<Thread>> started = new AtomicReference<>();
        // Each worker waits until all n have arrived: only possible when all n run at once.
        Thread caller = Thread.ofPlatform().name("caller").start(() -> started.set(Workers.startAll(n, i -> {
            allArrived.countDown();
            try {
                allArrived.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })));
        Await.joined(Duration.ofSeconds(6), caller);
        // startAll has returned: wait for the workers themselves before counting who met whom.
        Await.joined(Duration.ofSeconds(6), started.get().toArray(Thread[]::new));
        assertThat(allArrived.getCount()).as("workers that never met the others (they did not run concurrently)").isZero();
    }

    @Test
    @Hint("startAll must return the threads it started without waiting for them to finish (no join): see the "
            + "lesson's Q1 task.")
    void returnsTheStartedThreadsWithoutWaiting() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        // Opens the latch after 3 s at the latest, so that a startAll that waits for its workers returns (late).
        Thread releaser = Thread.ofPlatform().name("releaser").start(() -> {
            try {
                release.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        Thread self = Thread.currentThread();
        List<Thread> threads = Workers.startAll(3, i -> {
            if (Thread.currentThread() == self) {
                return; // run on the caller (run() instead of start()): blocking here would only hang the test
            }
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(threads).as("threads returned").hasSize(3);
            assertThat(threads).as("state of the returned threads while their work is blocked")
                    .allSatisfy(t -> assertThat(t.getState()).isNotIn(Thread.State.NEW, Thread.State.TERMINATED));
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
            Await.joined(Duration.ofSeconds(5), releaser);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
