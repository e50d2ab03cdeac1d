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
    @Hint("Each worker must receive its own index exactly once. Copy the loop counter into a fresh variable "
            + "before the lambda captures it (int argument = i;), and do not compute the argument inside the thread.")
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
    @Hint("The target ran on the caller's thread: call start(), not run(). run() is an ordinary method call; "
            + "only start() makes a new thread run it.")
    void eachWorkerRunsInItsOwnNewThread() {
        Map<Integer, Thread> runners = new ConcurrentHashMap<>();
        List<Thread> threads = Workers.startAll(4, i -> runners.put(i, Thread.currentThread()));
        Await.joined(Duration.ofSeconds(5), threads.toArray(Thread[]::new));
        assertThat(runners).as("worker index -> thread that ran it").hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(runners.get(i)).as("thread of worker %d", i).isNotSameAs(Thread.currentThread())
                    .isSameAs(threads.get(i));
        }
    }

    @Test
    @Points(2)
    @Hint("The workers did not run at the same time: start them all first and return; do not join() each one "
            + "before starting the next (that runs them one after another).")
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
    @Hint("startAll must return the threads it started, in order, and return without waiting for them to finish.")
    void returnsTheStartedThreadsWithoutWaiting() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = Workers.startAll(3, i -> {
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
