package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.BaseStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;
import parakit.support.PoolWorkers;

/**
 * Hidden tests for futures Q1. The calls wait on latches the test holds, so "map has returned while the calls still
 * run" and "next() has its element while later calls still run" are facts, not hopes; the one timing check
 * sleeps (tens of ms) and compares with wide margins, which holds on a loaded machine because sleeping uses no CPU.
 */
@Question(section = "futures", number = 1, title = "A lazy map on a pool of workers, in input order")
@Requires(type = ExecutorService.class, method = "*", in = "LazyMap.map",
        why = "LazyMap.map must run the calls on a pool of its own, an ExecutorService such as "
                + "Executors.newFixedThreadPool(workers)")
@Forbids(type = Collection.class, method = "parallelStream", in = "LazyMap",
        why = "a parallel stream picks its own threads (the common ForkJoinPool), ignores `workers` and is not lazy: "
                + "run the calls on a pool of your own")
@Forbids(type = BaseStream.class, method = "parallel", in = "LazyMap",
        why = "a parallel stream picks its own threads (the common ForkJoinPool), ignores `workers` and is not lazy: "
                + "run the calls on a pool of your own")
class LazyMapHiddenTest {

    /** The practical's time unit (a tenth of a second), scaled down. */
    private static final long UNIT_MILLIS = 20;
    /** How long a call waits for the test before it gives up; only wrong solutions wait that long. */
    private static final long PATIENCE_MILLIS = 3_000;

    private static final String SHUTDOWN_HINT = "map must shut its pool down before it returns, without waiting for "
            + "the calls: the pool's threads are not daemons, and a pool never shut down keeps them (and the JVM) "
            + "alive for ever. See the lesson's LazyMap section on shutting down without waiting.";

    // ---- concurrency and order -----------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "The calls must run at the same time on the pool's workers: tasks of 5, 4, 3, 2 and 1 units on 2 "
            + "workers take about 8 units, not the 15 of one after another. Submit every call before waiting for "
            + "any result. See the lesson's LazyMap section.", when = "one after another")
    @Hint(value = "At most `workers` calls may run at once, and with enough inputs that many must: the pool has "
            + "exactly `workers` threads. See the lesson's LazyMap section on the pool.", when = "at once")
    void tasksOfFiveToOneUnitsOnTwoWorkersTakeEightUnitsNotFifteen() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long start = System.nanoTime();
        List<Long> results = drain(LazyMap.map(2, List.of(5, 4, 3, 2, 1), n -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            sleep(n * UNIT_MILLIS);
            inside.decrementAndGet();
            return n * UNIT_MILLIS;
        }));
        double units = (System.nanoTime() - start) / 1e6 / UNIT_MILLIS;
        assertThat(results).as("results of tasks of 5, 4, 3, 2, 1 units, in any order (the order has a test of its own)")
                .containsExactlyInAnyOrder(5 * UNIT_MILLIS, 4 * UNIT_MILLIS, 3 * UNIT_MILLIS, 2 * UNIT_MILLIS, UNIT_MILLIS);
        assertThat(most.get()).as("most calls running at once with 2 workers").isEqualTo(2);
        assertThat(units).as("units of time taken by tasks of 5+4+3+2+1 = 15 units on 2 workers (about 8 when they "
                + "run at the same time; 15 or more: they ran one after another)").isLessThan(11.5);
    }

    @Test
    @Points(2)
    @Hint("next() must return the results in input order, not in the order the calls finish: element i is the "
            + "result of input i. See the lesson's LazyMap section.")
    void resultsComeBackInInputOrderEvenWhenLaterInputsFinishFirst() {
        int n = 4;
        CountDownLatch[] finished = latches(n);
        Thread[] workers = new Thread[n];
        // Call i waits until call i+1 has finished and its worker has handed the result over: the last input
        // finishes first and the first input last, every run (no sleep as the window).
        List<String> results = drain(LazyMap.map(n, inputs(n), i -> {
            workers[i] = Thread.currentThread();
            if (i + 1 < n) {
                awaitQuietly(finished[i + 1], PATIENCE_MILLIS);
                awaitHandedOver(workers[i + 1]);
            }
            finished[i].countDown();
            return "result-" + i;
        }));
        assertThat(results).as("results of 4 inputs on 4 workers, where the last input finishes first")
                .containsExactly("result-0", "result-1", "result-2", "result-3");
    }

    // ---- laziness -------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(value = "map must return at once, before the calls end, like Python's executor.map: it hands back an "
            + "iterator whose next() waits. Waiting for the calls inside map (for their results, or for the pool "
            + "to end) is what it must not do. See the lesson's LazyMap section on laziness.",
            when = "did not return")
    @Hint(value = "hasNext() must never wait: it only tells whether elements remain; waiting for a result is "
            + "next()'s job. See the Javadoc of map.", when = "hasNext()")
    @Hint(value = "The calls must start as soon as map is called, not when the iterator is read. See the lesson's "
            + "LazyMap section.", when = "started")
    void mapReturnsBeforeTheCallsHaveEndedAndTheyRunUnread() {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Iterator<Integer> results = mapOnACaller(2, inputs(2), i -> {
                started.countDown();
                awaitQuietly(release, PATIENCE_MILLIS);
                return i;
            });
            assertThat(awaitQuietly(started, 2_000)).as("both calls started on 2 workers before the iterator was "
                    + "read").isTrue();
            assertThat(onACaller("hasNext() while both calls still run", results::hasNext))
                    .as("hasNext() while both calls still run").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    @Points(2)
    @Hint(value = "next() must wait only for the call of its own element, not for the later ones: the first "
            + "result is there as soon as the first call is done. See the lesson's LazyMap section on laziness.",
            when = "first element")
    @Hint(value = "map must return at once, before the calls end: it hands back an iterator whose next() waits. "
            + "See the lesson's LazyMap section on laziness.", when = "map(2 workers")
    @Hint(value = "next() must wait for the call to end by being signalled (the Future's get), not by waking up "
            + "again and again to look (a sleep or a timed wait in a loop). See the lesson's LazyMap section.",
            when = "WAITING")
    @Hint(value = "next() hands out the result of the next input, the one its caller waits for, even when a later "
            + "call has ended first. See the lesson's LazyMap section on input order.", when = "second element")
    void nextHasTheFirstResultWhileTheOthersStillRunAndWaitsForTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch releaseLast = new CountDownLatch(1);
        CountDownLatch lastEnded = new CountDownLatch(1);
        AtomicReference<Thread> lastWorker = new AtomicReference<>();
        AtomicReference<Object> second = new AtomicReference<>();
        try {
            Iterator<Integer> results = mapOnACaller(2, inputs(3), i -> {
                if (i == 1) {
                    awaitQuietly(release, PATIENCE_MILLIS);
                } else if (i == 2) {
                    lastWorker.set(Thread.currentThread());
                    awaitQuietly(releaseLast, PATIENCE_MILLIS);
                    lastEnded.countDown();
                }
                return i * 10;
            });
            Object first = onACaller("next() for the first element, while calls 1 and 2 still run", results::next);
            assertThat(first).as("first element, returned while the later calls still run").isEqualTo(0);
            Thread waiter = Thread.ofPlatform().name("next-caller").start(() -> second.set(results.next()));
            try {
                Await.untilWaiting(Duration.ofSeconds(2), waiter);
                // Call 2 ends first, and its result is handed over, while the waiter waits for element 1: a next()
                // that hands out whichever call ended first gets 20 here, every run.
                releaseLast.countDown();
                awaitQuietly(lastEnded, PATIENCE_MILLIS);
                awaitHandedOver(lastWorker.get());
            } finally {
                release.countDown();
                releaseLast.countDown();
                Await.joined(Duration.ofSeconds(3), waiter);
            }
            assertThat(second.get()).as("second element, once its call ended (call 2 ended before call 1)")
                    .isEqualTo(10);
            assertThat(drain(results)).as("the rest").containsExactly(20);
        } finally {
            release.countDown();
            releaseLast.countDown();
        }
    }

    // ---- exceptions and interrupts ---------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("The element of a call that threw is a CompletionException thrown by next(), whose cause is f's own "
            + "exception; the elements before and after it come as usual. See the Javadoc of map and the lesson's "
            + "LazyMap section on exceptions.")
    void aFailedCallIsThrownByItsNextAndTheOthersFollow() {
        IllegalStateException boom = new IllegalStateException("f failed on input 2");
        int n = 5;
        CountDownLatch[] finished = latches(n);
        Thread[] workers = new Thread[n];
        // The calls end in input order (call i waits until call i-1 has ended and been handed over): this test is
        // about exceptions, and judges them the same whatever order a map hands its results out in.
        Iterator<Integer> results = LazyMap.map(2, inputs(n), i -> {
            workers[i] = Thread.currentThread();
            if (i > 0) {
                awaitQuietly(finished[i - 1], PATIENCE_MILLIS);
                awaitHandedOver(workers[i - 1]);
            }
            finished[i].countDown();
            if (i == 2) {
                throw boom;
            }
            return i;
        });
        assertThat(results.next()).as("element 0").isEqualTo(0);
        assertThat(results.next()).as("element 1").isEqualTo(1);
        assertThat(thrown(results::next)).as("what next() throws for element 2, whose call threw")
                .isInstanceOf(CompletionException.class).cause().isSameAs(boom);
        assertThat(results.hasNext()).as("hasNext() after the failed element").isTrue();
        assertThat(results.next()).as("element 3, after the failed one").isEqualTo(3);
        assertThat(results.next()).as("element 4").isEqualTo(4);
        assertThat(results.hasNext()).as("hasNext() after the last element").isFalse();
        assertThat(thrown(results::next)).as("next() after the last element")
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    @Points(2)
    @Hint("A thread interrupted while next() waits must stop waiting: next() throws a CompletionException whose "
            + "cause is the InterruptedException, with the interrupt status set again. A wait that ignores "
            + "interrupts (or swallows them) breaks this. See the Javadoc of map and the lesson's LazyMap section on "
            + "interrupts.")
    void anInterruptedNextThrowsAndKeepsTheInterruptStatus() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        try {
            Iterator<Integer> results = mapOnACaller(1, inputs(1), i -> {
                awaitQuietly(release, PATIENCE_MILLIS);
                return i;
            });
            Thread waiter = Thread.ofPlatform().name("next-caller").start(() -> {
                try {
                    results.next();
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
                throw new AssertionError("next() went on waiting after its thread was interrupted: " + e.getMessage(),
                        e);
            }
        } finally {
            release.countDown();
        }
        assertThat(thrown.get()).as("what next() threw when its thread was interrupted while it waited")
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(InterruptedException.class);
        assertThat(flag.get()).as("interrupt status of the thread after next() threw").isTrue();
    }

    // ---- shutting down ----------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(SHUTDOWN_HINT)
    void thePoolEndsWhenTheCallsEndEvenIfTheIteratorIsNeverRead() throws InterruptedException {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(4);
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        LazyMap.map(2, inputs(4), i -> {
            runners.add(Thread.currentThread());
            sleep(5);
            done.countDown();
            return i;
        });
        assertThat(awaitQuietly(done, 2_000)).as("all 4 calls ran, though the iterator was never read").isTrue();
        assertThat(runners).as("threads that ran f (the pool's, not the caller's)").isNotEmpty()
                .doesNotContain(Thread.currentThread());
        poolEnded(runners);
        assertThat(ThreadLeaks.leftRunning(before, Duration.ofMillis(500)))
                .as("threads left running after the calls ended (the pool was not shut down)").isEmpty();
    }

    // ---- edges and calling contexts ------------------------------------------------------------------------

    @Test
    @Hint(value = "`workers` must be at least 1: throw IllegalArgumentException for fewer, as "
            + "Executors.newFixedThreadPool does, before any call of f.", when = "workers")
    @Hint(value = "map of no inputs gives an iterator with no elements: hasNext() is false, and next() throws "
            + "NoSuchElementException. See the Javadoc of map.", when = "no inputs")
    @Hint("map must work from any calling thread (a daemon, a virtual thread, a renamed one) and call after call, "
            + "and shut its pool down each time. See the lesson's LazyMap section.")
    @Hint(value = SHUTDOWN_HINT, when = "pool was not shut down")
    void edgesAndEveryKindOfCaller() {
        AtomicInteger calls = new AtomicInteger();
        for (int workers : new int[] {0, -1}) {
            assertThat(thrown(() -> LazyMap.map(workers, inputs(2), i -> calls.incrementAndGet())))
                    .as("map(%d workers, [0, 1], f)", workers).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(calls.get()).as("calls of f made with fewer than one worker").isZero();
        Iterator<Integer> none = LazyMap.map(3, List.<Integer>of(), i -> i);
        assertThat(none.hasNext()).as("hasNext() of map with no inputs").isFalse();
        assertThat(thrown(none::next)).as("next() of map with no inputs").isInstanceOf(NoSuchElementException.class);
        for (Caller caller : Callers.all()) {
            Set<Thread> runners = ConcurrentHashMap.newKeySet();
            List<Integer> doubled = caller.call(Duration.ofSeconds(5), () -> {
                Thread self = Thread.currentThread();
                return drain(LazyMap.map(1, inputs(4), i -> {
                    if (Thread.currentThread() != self) {
                        runners.add(Thread.currentThread());
                    }
                    return 2 * i;
                }));
            });
            assertThat(doubled).as("map(1 worker, [0..3], double) from a %s", caller.describe())
                    .containsExactly(0, 2, 4, 6);
            assertThat(runners).as("pool threads that ran f, called from a %s (not the caller)", caller.describe())
                    .hasSize(1);
            poolEnded(runners);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Calls map on a thread of its own and fails if it has not returned within 2 s (it waited for the calls). */
    private static <R> Iterator<R> mapOnACaller(int workers, List<Integer> inputs, Function<Integer, R> f) {
        return onACaller("map(" + workers + " workers, " + inputs + ", f), while the calls still run",
                () -> LazyMap.map(workers, inputs, f));
    }

    private static <V> V onACaller(String what, java.util.concurrent.Callable<V> body) {
        AtomicReference<V> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("lazy-map-caller").start(() -> {
            try {
                result.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            Await.joined(Duration.ofSeconds(2), caller);
        } catch (AssertionError e) {
            throw new AssertionError(what + " did not return within 2 s: it waits for the calls. " + e.getMessage(), e);
        }
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
        if (failure.get() != null) {
            throw new AssertionError(what + " threw " + failure.get(), failure.get());
        }
        return result.get();
    }

    private static <R> List<R> drain(Iterator<R> results) {
        List<R> all = new ArrayList<>();
        while (results.hasNext()) {
            all.add(results.next());
        }
        return all;
    }

    /** The threads that ran f must all end soon after: the pool was shut down. */
    private static void poolEnded(Set<Thread> runners) {
        try {
            Await.joined(Duration.ofSeconds(2), runners.toArray(Thread[]::new));
        } catch (AssertionError e) {
            throw new AssertionError("the pool's threads were still alive after the calls ended (the pool was not "
                    + "shut down): " + e.getMessage(), e);
        }
    }

    private static List<Integer> inputs(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static CountDownLatch[] latches(int n) {
        CountDownLatch[] all = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            all[i] = new CountDownLatch(1);
        }
        return all;
    }

    private static void awaitHandedOver(Thread worker) {
        PoolWorkers.awaitHandedOver(worker, Duration.ofMillis(PATIENCE_MILLIS));
    }

    private static boolean awaitQuietly(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
