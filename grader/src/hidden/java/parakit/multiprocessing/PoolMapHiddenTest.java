package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.BaseStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Inconclusive;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TimedWaits;

/**
 * Hidden tests for Q5. The speedup test compares CPU-bound work on two workers with the same work in a plain
 * loop, so the question needs cores that no other grading uses ({@code dedicatedCores}); the other tests wait
 * on latches with bounded timeouts and hold on a loaded machine.
 */
@Question(section = "multiprocessing", number = 5, title = "Mapping a function on a pool of workers",
        dedicatedCores = true, timeoutSeconds = 30)
@Requires(type = ExecutorService.class, method = "*", in = "PoolMap.map",
        why = "PoolMap.map must run the calls on a thread pool, an ExecutorService such as "
                + "Executors.newFixedThreadPool(workers)")
@Forbids(type = Collection.class, method = "parallelStream", in = "PoolMap",
        why = "a parallel stream picks its own threads (the common ForkJoinPool) and ignores `workers`: "
                + "run the calls on a pool of your own")
@Forbids(type = BaseStream.class, method = "parallel", in = "PoolMap",
        why = "a parallel stream picks its own threads (the common ForkJoinPool) and ignores `workers`: "
                + "run the calls on a pool of your own")
class PoolMapHiddenTest {

    /** The hint of every check that the pool ended (poolEnded): one concept, one text. */
    private static final String SHUTDOWN_HINT = "The pool must be shut down before map returns, on every path: its threads are not daemons, so an "
            + "idle pool keeps them alive for ever. See the lesson's PoolMap section on shutting the pool down.";


    /** How long a call waits for others in the tests below before it gives up; only wrong solutions wait that long. */
    private static final long PATIENCE_MILLIS = 1_500;

    // ---- 1. order ----------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("Results must come back in input order, not in the order the calls finish: element i is the result of "
            + "input i. A collection of results in the order they complete loses that. See the lesson's PoolMap "
            + "section.")
    void resultsComeBackInInputOrderEvenWhenLaterInputsFinishFirst() throws Exception {
        int n = 5;
        CountDownLatch[] finished = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            finished[i] = new CountDownLatch(1);
        }
        AtomicBoolean gaveUp = new AtomicBoolean();
        // Call i waits until call i+1 has finished, so the last input finishes first and the first input last.
        // (If the calls do not run at the same time, the first wait times out and the later calls stop waiting.)
        List<String> results = PoolMap.map(n, inputs(n), i -> {
            if (i + 1 < n && !gaveUp.get()) {
                if (!awaitQuietly(finished[i + 1], PATIENCE_MILLIS)) {
                    gaveUp.set(true);
                }
                sleep(20); // let the later call's result be handed over before this one's
            }
            finished[i].countDown();
            return "result-" + i;
        });
        assertThat(results).as("results of 5 inputs on 5 workers, where the last input finishes first and the "
                + "first input last").containsExactly("result-0", "result-1", "result-2", "result-3", "result-4");
    }

    // ---- 2. the number of workers ------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint("Exactly `workers` calls must be able to run at once, and never more: a pool that grows with the work "
            + "(a cached pool, a thread per input) runs too many at once, and waiting for each result right after "
            + "its submit runs them one at a time. See the lesson's PoolMap section on the pool's size.")
    void exactlyTheGivenNumberOfWorkersRunAtOnce() throws Exception {
        int workers = 3;
        int n = 7;
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean neverMet = new AtomicBoolean();
        // Opens once `workers` calls are inside at the same time: a correct pool gets there at once.
        CountDownLatch full = new CountDownLatch(workers);
        // Opens as soon as more than `workers` calls are inside: then every call stops waiting.
        CountDownLatch tooMany = new CountDownLatch(1);
        List<Integer> results = PoolMap.map(workers, inputs(n), i -> {
            int inside = now.incrementAndGet();
            most.accumulateAndGet(inside, Math::max);
            if (inside > workers) {
                tooMany.countDown();
            }
            full.countDown();
            if (!awaitQuietly(full, PATIENCE_MILLIS)) {
                neverMet.set(true);
                while (full.getCount() > 0) {
                    full.countDown(); // open it for the later calls: one timeout is enough to know
                }
            }
            // Stay inside a while, so that a pool without a limit gets the chance to show it.
            awaitQuietly(tooMany, 200);
            now.decrementAndGet();
            return i * 10;
        });
        assertThat(results).as("results of 7 inputs on 3 workers, in any order (the order has a test of its own)")
                .containsExactlyInAnyOrder(0, 10, 20, 30, 40, 50, 60);
        assertThat(most.get()).as("most calls of f running at once with %d workers (%s)", workers,
                neverMet.get() ? "the first calls waited for one another in vain: they did not run at the same time"
                        : "it must be exactly the number of workers").isEqualTo(workers);
    }

    @Test
    @Hint("`workers` must be at least 1: throw IllegalArgumentException for fewer, as "
            + "Executors.newFixedThreadPool does, before doing any work.")
    void rejectsFewerThanOneWorker() {
        AtomicInteger calls = new AtomicInteger();
        for (int workers : new int[] {0, -2}) {
            assertThatThrownBy(() -> PoolMap.map(workers, inputs(3), i -> calls.incrementAndGet()))
                    .as("map(%d, [0, 1, 2], f)", workers).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(calls.get()).as("calls of f made with fewer than one worker").isZero();
    }

    // ---- 3. shutting the pool down -----------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("The pool must be shut down before map returns: its threads are not daemons, so an idle pool keeps them "
            + "(and the JVM) alive for ever. See the lesson's PoolMap section on shutting the pool down.")
    void poolThreadsHaveEndedWhenMapReturns() throws Exception {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        List<Integer> results = PoolMap.map(3, inputs(9), i -> {
            runners.add(Thread.currentThread());
            sleep(5);
            return i + 1;
        });
        assertThat(results).as("results of 9 inputs on 3 workers, in any order (the order has a test of its own)")
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(runners).as("threads that ran f (the pool's, not the caller's)").isNotEmpty()
                .doesNotContain(Thread.currentThread());
        Await.joined(Duration.ofSeconds(2), runners.toArray(Thread[]::new));
    }

    // ---- 4. exceptions -----------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("An exception thrown by f must reach the caller as the cause of an ExecutionException, not become null or "
            + "a default in the list; and the pool must be shut down on that path too. See the lesson's PoolMap "
            + "section on exceptions and shutting down.")
    void anExceptionOfFReachesTheCallerAndThePoolStillShutsDown() {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        IllegalStateException boom = new IllegalStateException("f failed on input 3");
        assertThatThrownBy(() -> PoolMap.map(2, inputs(6), i -> {
            runners.add(Thread.currentThread());
            if (i == 3) {
                throw boom;
            }
            return i;
        })).as("what map(2, [0..5], f) throws when f throws on input 3")
                .isInstanceOf(ExecutionException.class)
                .cause().isSameAs(boom);
        assertThat(runners).as("threads that ran f").isNotEmpty();
        Await.joined(Duration.ofSeconds(2), runners.toArray(Thread[]::new));
    }

    // ---- 4b. waiting: no time limit, interrupts, calling contexts -----------------------------------------

    /** Runs map on a thread of its own; the result or what it threw lands in {@code outcome}. */
    private static Thread mapOnACaller(int workers, List<Integer> inputs, java.util.function.Function<Integer, Integer> f,
            AtomicReference<Object> outcome) {
        return Thread.ofPlatform().name("map-caller").start(() -> {
            try {
                outcome.set(PoolMap.map(workers, inputs, f));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
    }

    /** The threads that ran f must all end soon after map returned or threw: the pool was shut down. */
    private static void poolEnded(Set<Thread> runners) {
        try {
            Await.joined(Duration.ofSeconds(2), runners.toArray(Thread[]::new));
        } catch (AssertionError e) {
            throw new AssertionError("the pool's threads were still alive after map ended (the pool was not shut "
                    + "down): " + e.getMessage(), e);
        }
    }

    @Test
    @Points(2)
    @Hint("map waits for every result however long the calls take: its contract has no time limit. A limit on "
            + "the wait (a timeout given to get or invokeAll, or to any other wait for the results) fails or drops "
            + "results of slow but correct work. See the lesson's PoolMap section on waiting for the results.")
    @Hint(value = SHUTDOWN_HINT,
            when = "pool was not shut down")
    void mapWaitsForTheResultsWithoutATimeLimit() {
        int n = 2;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = mapOnACaller(n, inputs(n), i -> {
            runners.add(Thread.currentThread());
            started.countDown();
            awaitQuietly(release, 10_000);
            return i + 100;
        }, outcome);
        try {
            assertThat(awaitQuietly(started, 5_000)).as("both calls of f started on 2 workers").isTrue();
            Await.untilBlocked(Duration.ofSeconds(3), caller);
            Optional<StackTraceElement> timed = TimedWaits.in(caller);
            assertThat(timed).as("map waits for its results with a time limit (at %s) while the calls still run",
                    timed.map(StackTraceElement::toString).orElse("")).isEmpty();
        } finally {
            release.countDown();
        }
        Await.joined(Duration.ofSeconds(5), caller);
        assertThat(outcome.get()).as("what map returned once the slow calls ended").isEqualTo(List.of(100, 101));
        poolEnded(runners);
    }

    @Test
    @Points(2)
    @Hint("A caller interrupted while map waits must get InterruptedException (the contract), not a list, and the "
            + "pool must still be shut down on that path. See the lesson's PoolMap section and the Javadoc of map.")
    @Hint(value = SHUTDOWN_HINT,
            when = "pool was not shut down")
    void anInterruptedCallerGetsInterruptedExceptionAndThePoolEnds() {
        int n = 2;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = mapOnACaller(n, inputs(n), i -> {
            runners.add(Thread.currentThread());
            started.countDown();
            awaitQuietly(release, 10_000);
            return i;
        }, outcome);
        try {
            assertThat(awaitQuietly(started, 5_000)).as("both calls of f started on 2 workers").isTrue();
            Await.untilBlocked(Duration.ofSeconds(3), caller);
            caller.interrupt();
            // Hold the calls back until the caller has taken the interrupt in (its flag is clear again and it is
            // parked, e.g. shutting the pool down) or has ended: released earlier, a finished call could let a
            // correct get() return its result before it looks at the interrupt.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (caller.isAlive() && (caller.isInterrupted() || !isParked(caller))
                    && System.nanoTime() - deadline < 0) {
                sleep(1);
            }
        } finally {
            release.countDown();
        }
        Await.joined(Duration.ofSeconds(5), caller);
        assertThat(outcome.get()).as("what map returned or threw when its caller was interrupted while it waited")
                .isInstanceOf(InterruptedException.class);
        poolEnded(runners);
    }

    @Test
    @Hint(value = "map of no inputs returns an empty list (the pool still has `workers` threads, and nothing to do). "
            + "See the Javadoc of map: inputs may be empty.", when = "no inputs")
    @Hint("map must work from any calling thread (a daemon, a virtual thread, a renamed one) and on every call, and "
            + "shut its pool down each time. See the lesson's PoolMap section.")
    @Hint(value = SHUTDOWN_HINT,
            when = "pool was not shut down")
    void worksOnEmptyInputAndFromEveryKindOfCaller() throws Exception {
        assertThat(PoolMap.map(1, inputs(3), i -> i + 1)).as("map(1, [0..2], add one): one worker is a pool too")
                .containsExactly(1, 2, 3);
        for (Caller caller : Callers.all()) {
            Object none;
            try {
                none = caller.call(Duration.ofSeconds(5), () -> PoolMap.map(3, List.<Integer>of(), i -> i));
            } catch (AssertionError e) {
                throw new AssertionError("map(3, no inputs, f) from a " + caller.describe() + ": " + e.getMessage(), e);
            }
            assertThat(none).as("map(3, no inputs, f) from a %s", caller.describe()).isEqualTo(List.of());
            Set<Thread> runners = ConcurrentHashMap.newKeySet();
            List<Integer> doubled = caller.call(Duration.ofSeconds(5), () -> PoolMap.map(2, inputs(5), i -> {
                runners.add(Thread.currentThread());
                return 2 * i;
            }));
            assertThat(doubled).as("map(2, [0..4], double) from a %s", caller.describe())
                    .containsExactly(0, 2, 4, 6, 8);
            poolEnded(runners);
        }
    }

    // ---- 5. speedup --------------------------------------------------------------------------------------

    /** A range of numbers [from, to) whose primes a call counts. */
    record Range(int from, int to) {
    }

    /**
     * Counting the primes below LIMIT by trial division takes about 0.17 s on one core of the grading machine: long
     * enough that starting two threads is noise, short enough that the whole check takes about a second and a half.
     */
    private static final int LIMIT = 2_000_000;
    private static final int CHUNKS = 24;
    /** Rounds before a pass is accepted. */
    private static final int MIN_ROUNDS = 3;
    /** Rounds before a fail is given while the machine clearly offers two cores. */
    private static final int MIN_ROUNDS_TO_FAIL = 5;
    /** Extra rounds only while the verdict is open, up to this long in all (warm-up included). */
    private static final Duration MEASURING_BUDGET = Duration.ofSeconds(5);
    private static final double REQUIRED_SPEEDUP = 1.3;
    /** The test's own two threads must reach this before a map slower than required is blamed on the code. */
    private static final double CLEAR_CAPACITY = 1.5;
    /**
     * ... and the map must fall this far short of them: a map at 1.2 beside own threads at 1.6 is a busy machine
     * (the best-of samples of the two were taken at different moments), a map at 1.0 beside 1.6 is serial code.
     */
    private static final double SHORT_OF_CAPACITY = 0.7;

    /**
     * Whether a map slower than required is the code's doing: the machine clearly gave this JVM two cores (the
     * test's own two threads reached {@link #CLEAR_CAPACITY}) and the map stayed well short of what they did.
     */
    private static boolean blames(long loop, long map, long own) {
        double ratio = (double) loop / map;
        double capacity = (double) loop / own;
        return ratio < REQUIRED_SPEEDUP && capacity >= CLEAR_CAPACITY && ratio <= SHORT_OF_CAPACITY * capacity;
    }

    @Test
    @Points(3)
    @Hint("Two workers must finish CPU-bound work clearly faster than one thread: Java threads run on different "
            + "cores at the same time. Waiting for each result right after its submit, or a pool of one thread, "
            + "runs the calls one after another. See the lesson's PoolMap section.")
    void twoWorkersAreFasterThanOneOnCpuBoundWork() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            Inconclusive.because("the grader gave this test JVM " + cores + " core(s), and the speedup check needs at "
                    + "least 2. This is a problem of the grading set-up, not of your code: tell your teacher");
        }
        List<Range> ranges = new ArrayList<>();
        int step = LIMIT / CHUNKS;
        for (int c = 0; c < CHUNKS; c++) {
            ranges.add(new Range(c * step, c == CHUNKS - 1 ? LIMIT : (c + 1) * step));
        }
        long begin = System.nanoTime();
        // Warm up all three paths, so that the JIT has compiled the prime counting before anything is timed.
        List<Integer> expected = serial(ranges);
        assertThat(ownTwoThreads(ranges)).as("prime counts per range on the test's own two threads")
                .isEqualTo(expected);
        assertThat(PoolMap.map(2, ranges, PoolMapHiddenTest::countPrimes))
                .as("prime counts per range with 2 workers, in any order (the order has a test of its own)")
                .containsExactlyInAnyOrderElementsOf(expected);
        // Interleave the measurements and keep the best of each, so that a moment of load on the machine costs
        // one sample, not the comparison. Besides the plain loop (one core) and map with 2 workers, time the
        // same work on two threads of the test's own: that shows whether the machine gives this test a second
        // core at all. Linux may share the CPU between sessions or control groups first (autogroup, cgroups), so one
        // busy program elsewhere can leave this JVM a single core however many threads it runs; then no speedup
        // can be measured, and the test says so instead of blaming the code.
        long loop = Long.MAX_VALUE;
        long own = Long.MAX_VALUE;
        long map = Long.MAX_VALUE;
        for (int round = 1; ; round++) {
            long t = System.nanoTime();
            serial(ranges);
            loop = Math.min(loop, System.nanoTime() - t);
            t = System.nanoTime();
            ownTwoThreads(ranges);
            own = Math.min(own, System.nanoTime() - t);
            t = System.nanoTime();
            PoolMap.map(2, ranges, PoolMapHiddenTest::countPrimes);
            map = Math.min(map, System.nanoTime() - t);
            boolean passed = round >= MIN_ROUNDS && (double) loop / map >= REQUIRED_SPEEDUP;
            boolean failed = round >= MIN_ROUNDS_TO_FAIL && blames(loop, map, own);
            boolean decided = passed || failed;
            if (decided || System.nanoTime() - begin > MEASURING_BUDGET.toNanos()) {
                break;
            }
        }
        double ratio = (double) loop / map;
        double capacity = (double) loop / own;
        String figures = String.format("counting primes below %,d in %d ranges, best of each: plain loop %d ms, "
                        + "map with 2 workers %d ms (ratio %.2f; ideal 2.0, required %.1f), the test's own 2 threads "
                        + "%d ms (ratio %.2f)", LIMIT, CHUNKS, loop / 1_000_000, map / 1_000_000, ratio,
                REQUIRED_SPEEDUP, own / 1_000_000, capacity);
        if (ratio < REQUIRED_SPEEDUP && !blames(loop, map, own)) {
            Inconclusive.because("the speedup could not be judged: the machine did not give this test a second core of "
                    + "its own (the test's own two threads were not clearly faster than one, or not clearly faster "
                    + "than the map either). This is a problem of the "
                    + "grading set-up (the question must run on cores nothing else uses), not a verdict on your code: "
                    + "ask for a regrade. Figures: " + figures);
        }
        assertThat(ratio).as("speedup of map with 2 workers over a plain loop; %s", figures)
                .isGreaterThanOrEqualTo(REQUIRED_SPEEDUP);
    }

    /** The reference parallel run: two threads of the test's own take the ranges one by one. */
    private static List<Integer> ownTwoThreads(List<Range> ranges) {
        Integer[] counts = new Integer[ranges.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < counts.length; i = next.getAndIncrement()) {
                counts[i] = countPrimes(ranges.get(i));
            }
        };
        Thread a = Thread.ofPlatform().name("reference-0").start(worker);
        Thread b = Thread.ofPlatform().name("reference-1").start(worker);
        Await.joined(Duration.ofSeconds(20), a, b);
        return List.of(counts);
    }

    private static List<Integer> serial(List<Range> ranges) {
        List<Integer> counts = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            counts.add(countPrimes(r));
        }
        return counts;
    }

    /** Primes in the range, by trial division: pure computation, no allocation. */
    static int countPrimes(Range r) {
        int count = 0;
        for (int n = Math.max(r.from(), 2); n < r.to(); n++) {
            boolean prime = n == 2 || (n & 1) != 0;
            for (int d = 3; prime && d * d <= n; d += 2) {
                if (n % d == 0) {
                    prime = false;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static List<Integer> inputs(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Waits at most {@code millis} for the latch; true if it opened. */
    private static boolean awaitQuietly(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isParked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
