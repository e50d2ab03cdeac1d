package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q3. The main check decides the completion order itself: each task waits on a latch of
 * its own, the test opens them in an order unlike the submission order, one at a time, and only once the consumer
 * is parked in next(). A sleeping version of the practical (known delays) is a second, coarser check.
 */
@Question(section = "futures", number = 3, title = "Futures in the order they complete (as_completed)")
@Forbids(type = List.class, method = "sort", in = "AsCompleted",
        why = "the completion order is not known in advance and must not be guessed: hand each future over when its "
                + "task completes")
@Forbids(type = Collections.class, method = "sort", in = "AsCompleted",
        why = "the completion order is not known in advance and must not be guessed: hand each future over when its "
                + "task completes")
@Forbids(type = Arrays.class, method = "sort", in = "AsCompleted",
        why = "the completion order is not known in advance and must not be guessed: hand each future over when its "
                + "task completes")
@Forbids(type = Stream.class, method = "sorted", in = "AsCompleted",
        why = "the completion order is not known in advance and must not be guessed: hand each future over when its "
                + "task completes")
class AsCompletedHiddenTest {

    private static final long PATIENCE_MILLIS = 3_000;
    /** The practical's random delay of up to a second, scaled down and made known. */
    private static final long UNIT_MILLIS = 40;

    // ---- completion order ------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(value = "next() must hand over the future of the task that completed first, as soon as it has completed, "
            + "whatever the order the tasks were submitted in. Waiting for the futures in submission order does not "
            + "do that. See the lesson's AsCompleted section.", when = "completion order")
    @Hint(value = "next() must wait for the next task to complete by being signalled, not by looking at the futures "
            + "again and again (isDone in a loop with a sleep or a timed wait). See the lesson's AsCompleted section.",
            when = "WAITING")
    void futuresComeInTheOrderTheTasksComplete() throws Exception {
        int n = 4;
        int[] order = {2, 0, 3, 1};
        CountDownLatch[] release = latches(n);
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(() -> {
                    release[k].await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                    return k;
                });
            }
            Iterator<Future<Integer>> futures = submitAllOnACaller(pool, tasks);
            Thread consumer = Thread.ofPlatform().name("as-completed-consumer").start(() -> {
                for (int i = 0; i < n; i++) {
                    delivered.add(futures.next().resultNow());
                }
            });
            try {
                for (int i = 0; i < n; i++) {
                    Await.untilWaiting(Duration.ofSeconds(2), consumer);
                    release[order[i]].countDown();
                    long deadline = System.nanoTime() + 1_000_000_000L;
                    while (delivered.size() <= i && System.nanoTime() - deadline < 0) {
                        Thread.sleep(1);
                    }
                    assertThat(delivered).as("futures delivered, by their results, once tasks %s had completed in "
                            + "this order (completion order)", Arrays.toString(Arrays.copyOf(order, i + 1)))
                            .containsExactly(Arrays.stream(order, 0, i + 1).boxed().toArray(Integer[]::new));
                }
            } finally {
                for (CountDownLatch latch : release) {
                    latch.countDown();
                }
                Await.joined(Duration.ofSeconds(3), consumer);
            }
        }
    }

    @Test
    @Hint("With one worker per task, tasks that end in the order 1, 2, 3, 4, 5 (submitted as 5, 4, 3, 2, 1) come back "
            + "in that order: the order they complete in. See the lesson's AsCompleted section.")
    void tasksWithKnownDelaysComeBackShortestFirst() throws Exception {
        // The practical's 5, 4, 3, 2, 1 units of sleep, made exact: each task waits (timed, TIMED_WAITING) at a gate
        // of its own, and the test opens the gates shortest first, each once the task before has completed and its
        // worker is back in the pool (WAITING for work). The completion order is then 1, 2, 3, 4, 5 on every run,
        // however loaded the machine.
        int n = 5;
        CountDownLatch[] gates = new CountDownLatch[n + 1];
        Thread[] workers = new Thread[n + 1];
        CountDownLatch allStarted = new CountDownLatch(n);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int k = n; k >= 1; k--) {
                int units = k;
                gates[k] = new CountDownLatch(1);
                tasks.add(() -> {
                    workers[units] = Thread.currentThread();
                    allStarted.countDown();
                    gates[units].await(10, TimeUnit.SECONDS);
                    return (long) units;
                });
            }
            Iterator<Future<Long>> delivered = AsCompleted.submitAll(pool, tasks);
            assertThat(allStarted.await(2, TimeUnit.SECONDS)).as("all 5 tasks started on 5 workers").isTrue();
            for (int k = 1; k <= n; k++) {
                gates[k].countDown();
                Await.untilWaiting(Duration.ofSeconds(2), workers[k]);
            }
            List<Long> results = new ArrayList<>();
            for (Future<Long> f : drain(delivered)) {
                results.add(f.resultNow());
            }
            assertThat(results).as("results of tasks submitted as 5, 4, 3, 2, 1 that completed as 1, 2, 3, 4, 5, in "
                    + "the order delivered").containsExactly(1L, 2L, 3L, 4L, 5L);
        } finally {
            for (int k = 1; k <= n; k++) {
                if (gates[k] != null) {
                    gates[k].countDown();
                }
            }
        }
    }

    // ---- every future once ----------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("A task that throws has completed too: its future must be delivered like the others (its get() throws "
            + "the ExecutionException). See the Javadoc of submitAll.")
    void aFailedTaskIsDeliveredToo() throws Exception {
        IllegalStateException boom = new IllegalStateException("task 1 failed");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Callable<Integer>> tasks = List.of(() -> 0, () -> {
                throw boom;
            }, () -> 2);
            Iterator<Future<Integer>> futures = AsCompleted.submitAll(pool, tasks);
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                all.add(bounded("next() number " + (k + 1) + " of 3, one task of which threw", futures::next));
            }
            assertThat(all.stream().filter(f -> f.state() == Future.State.FAILED).toList())
                    .as("delivered futures whose task threw").hasSize(1)
                    .allSatisfy(f -> assertThat(thrown(f::get)).isInstanceOf(ExecutionException.class)
                            .cause().isSameAs(boom));
            assertThat(all.stream().filter(f -> f.state() == Future.State.SUCCESS).map(Future::resultNow).toList())
                    .as("results of the delivered futures that succeeded").containsExactlyInAnyOrder(0, 2);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Every task's future is delivered exactly once: hasNext() is true until all of them have been, and "
            + "then false; next() after the last throws NoSuchElementException instead of waiting for ever. See the "
            + "Javadoc of submitAll.")
    @Hint(value = "submitAll must not leave threads of its own running: the tasks run in the caller's pool. See the "
            + "lesson's AsCompleted section.", when = "threads left running")
    void everyFutureIsDeliveredExactlyOnceAndThenNoMore() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            pool.submit(() -> 0).get(); // start the pool's threads before the snapshot
            pool.submit(() -> 0).get();
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int k = i;
                tasks.add(() -> k * k);
            }
            ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
            Iterator<Future<Integer>> futures = AsCompleted.submitAll(pool, tasks);
            Set<Future<Integer>> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            List<Integer> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                assertThat(futures.hasNext()).as("hasNext() after %d of 6 futures", i).isTrue();
                Future<Integer> f = bounded("next() number " + (i + 1) + " of 6", futures::next);
                assertThat(seen.add(f)).as("future number %d of 6 was new (not delivered before)", i + 1).isTrue();
                results.add(f.resultNow());
            }
            assertThat(results).as("results of the 6 delivered futures").containsExactlyInAnyOrder(0, 1, 4, 9, 16, 25);
            assertThat(futures.hasNext()).as("hasNext() after all 6 futures").isFalse();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            bounded("next() after all 6 futures", () -> {
                try {
                    return futures.next();
                } catch (Throwable t) {
                    thrown.set(t);
                    return null;
                }
            });
            assertThat(thrown.get()).as("what next() threw after all 6 futures")
                    .isInstanceOf(NoSuchElementException.class);
            assertThat(ThreadLeaks.leftRunning(before, Duration.ofMillis(300)))
                    .as("threads left running by submitAll besides the caller's pool").isEmpty();
        }
    }

    // ---- laziness, interrupts, callers -----------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "submitAll must return at once, before the tasks have completed, like Python's as_completed "
            + "returns an iterator: the waiting is next()'s job. See the lesson's AsCompleted section.",
            when = "did not return")
    @Hint(value = "The tasks must run in the pool that is passed in, each once. See the Javadoc of submitAll.",
            when = "task")
    void submitAllReturnsAtOnceAndTheTasksRunInThePool() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        Set<String> runners = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(3, r -> new Thread(r, "callers-pool"))) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                tasks.add(() -> {
                    runs.incrementAndGet();
                    runners.add(Thread.currentThread().getName());
                    started.countDown();
                    release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                    return k;
                });
            }
            try {
                submitAllOnACaller(pool, tasks);
                assertThat(started.await(2, TimeUnit.SECONDS)).as("all 3 tasks started in the pool").isTrue();
            } finally {
                release.countDown();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.SECONDS)).as("the pool ended after its tasks").isTrue();
            assertThat(runs.get()).as("times the 3 tasks ran in all").isEqualTo(3);
            assertThat(runners).as("threads that ran the tasks (the pool's)").allMatch(n -> n.startsWith("callers-pool"));
        }
    }

    @Test
    @Points(2)
    @Hint("A thread interrupted while next() waits must stop waiting: next() throws a CompletionException whose "
            + "cause is the InterruptedException, with the interrupt status set again, and the future it was waiting "
            + "for is still delivered later. See the Javadoc of submitAll.")
    void anInterruptedNextThrowsAndTheFutureComesLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Iterator<Future<String>> futures;
            try {
                futures = submitAllOnACaller(pool, List.of(() -> {
                    release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                    return "late";
                }));
                Iterator<Future<String>> it = futures;
                Thread waiter = Thread.ofPlatform().name("next-caller").start(() -> {
                    try {
                        it.next();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                    flag.set(Thread.currentThread().isInterrupted());
                });
                Await.untilBlocked(Duration.ofSeconds(2), waiter);
                waiter.interrupt();
                try {
                    Await.joined(Duration.ofSeconds(1), waiter);
                } catch (AssertionError e) {
                    throw new AssertionError("next() went on waiting after its thread was interrupted: "
                            + e.getMessage(), e);
                }
            } finally {
                release.countDown();
            }
            assertThat(thrown.get()).as("what next() threw when its thread was interrupted while it waited")
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(InterruptedException.class);
            assertThat(flag.get()).as("interrupt status of the thread after next() threw").isTrue();
            assertThat(futures.hasNext()).as("hasNext() after the interrupted next() (nothing was delivered)").isTrue();
            Future<String> late = bounded("next() after the interrupted one", futures::next);
            assertThat(late.resultNow()).as("the future delivered after the interrupted next()").isEqualTo("late");
        }
    }

    @Test
    @Hint(value = "No tasks give an iterator with no futures: hasNext() is false. See the Javadoc of submitAll.",
            when = "no tasks")
    @Hint("submitAll must work from any calling thread (a daemon, a virtual thread, a renamed one), call after call, "
            + "on the same pool. See the lesson's AsCompleted section.")
    void worksWithNoTasksAndFromEveryKindOfCaller() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            assertThat(AsCompleted.submitAll(pool, List.<Callable<Integer>>of()).hasNext())
                    .as("hasNext() with no tasks").isFalse();
            for (Caller caller : Callers.all()) {
                List<Integer> results = caller.call(Duration.ofSeconds(3), () -> {
                    List<Integer> got = new ArrayList<>();
                    for (Future<Integer> f : drain(AsCompleted.submitAll(pool, List.<Callable<Integer>>of(() -> 1, () -> 2, () -> 3)))) {
                        got.add(f.resultNow());
                    }
                    return got;
                });
                assertThat(results).as("results of 3 tasks from a %s", caller.describe())
                        .containsExactlyInAnyOrder(1, 2, 3);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static <T> Iterator<Future<T>> submitAllOnACaller(ExecutorService pool, List<Callable<T>> tasks) {
        return bounded("submitAll(pool, " + tasks.size() + " tasks), while the tasks still run",
                () -> AsCompleted.submitAll(pool, tasks));
    }

    /** Runs body on a thread of its own, which must return within 2 s. */
    private static <V> V bounded(String what, Callable<V> body) {
        AtomicReference<V> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("as-completed-caller").start(() -> {
            try {
                result.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            Await.joined(Duration.ofSeconds(2), caller);
        } catch (AssertionError e) {
            caller.interrupt();
            throw new AssertionError(what + " did not return within 2 s: " + e.getMessage(), e);
        }
        if (failure.get() instanceof UnsupportedOperationException r) {
            throw r;
        }
        if (failure.get() instanceof AssertionError r) {
            throw r;
        }
        if (failure.get() != null) {
            throw new AssertionError(what + " threw " + failure.get(), failure.get());
        }
        return result.get();
    }

    private static <T> List<Future<T>> drain(Iterator<Future<T>> futures) {
        List<Future<T>> all = new ArrayList<>();
        while (futures.hasNext()) {
            all.add(futures.next());
        }
        return all;
    }

    private static CountDownLatch[] latches(int n) {
        CountDownLatch[] all = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            all[i] = new CountDownLatch(1);
        }
        return all;
    }

    /** What {@code call} threw (null if nothing); the skeleton's TODO stub is rethrown, so it reads as not done yet. */
    private static Throwable thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        if (t instanceof UnsupportedOperationException u && String.valueOf(u.getMessage()).startsWith("TODO")) {
            throw u;
        }
        return t;
    }
}
