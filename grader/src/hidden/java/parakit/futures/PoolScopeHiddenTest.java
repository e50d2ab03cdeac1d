package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q7. Whether a pool keeps the JVM alive can only be seen from outside, so two tests start a
 * child JVM (same java, same classes) that runs {@link Child} and check whether it exits by itself once its main has
 * returned; the other tests hold the tasks back with latches and look at the pool's threads.
 */
@Question(section = "futures", number = 7, title = "An executor's lifetime: try-with-resources and a pool left open",
        timeoutSeconds = 20)
@Requires(type = ExecutorService.class, method = "*", in = "PoolScope.runAll",
        why = "runAll runs the tasks on a pool, an ExecutorService such as Executors.newFixedThreadPool(workers)")
@Requires(type = ExecutorService.class, method = "*", in = "PoolScope.startInBackground",
        why = "startInBackground starts a pool, an ExecutorService such as Executors.newFixedThreadPool(workers)")
class PoolScopeHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(3);

    /** Main of the child JVM: runs tasks with runAll (args[0] = "runAll") or leaves a pool open ("open"), returns. */
    static final class Child {
        public static void main(String[] args) {
            Callable<Object> quick = () -> {
                Thread.sleep(20);
                return "done";
            };
            if (args[0].equals("runAll")) {
                PoolScope.runAll(2, List.of(quick, quick, quick));
            } else {
                PoolScope.startInBackground(2, List.of(quick, quick));
            }
            System.out.println("main returns");
        }
    }

    private static Process child(String mode, Path output) throws IOException {
        return ChildJvm.start(new ProcessBuilder().redirectErrorStream(true).redirectOutput(output.toFile()),
                Child.class, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), mode);
    }

    /** Rethrows a skeleton stub's exception that the child's main died of ("not implemented yet", not a verdict). */
    private static void rethrowStubOf(Path output) throws IOException {
        Matcher stub = Pattern.compile("UnsupportedOperationException: (TODO [\\w.]+)").matcher(Files.readString(output));
        if (stub.find()) {
            throw new UnsupportedOperationException(stub.group(1));
        }
    }

    /** A task that records its thread, waits for {@code release}, and counts itself as ended. */
    private static Callable<Object> held(Set<Thread> runners, CountDownLatch started, CountDownLatch release,
            AtomicInteger ended) {
        return () -> {
            runners.add(Thread.currentThread());
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            ended.incrementAndGet();
            return null;
        };
    }

    private static void poolEnded(Set<Thread> runners) {
        try {
            Await.joined(WITHIN, runners.toArray(Thread[]::new));
        } catch (AssertionError e) {
            throw new AssertionError("the pool's threads were still alive after runAll returned (the pool was not shut "
                    + "down): " + e.getMessage(), e);
        }
    }

    // ---- runAll -----------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "threw", value = "A task that throws is one that failed: count it, and let the other tasks run. See "
            + "the lesson's Q7 on Future.state().")
    @Hint(when = "not shut", value = "runAll's pool must be shut down when it returns: its threads are not daemons. See "
            + "the lesson's Q7 on try-with-resources.")
    @Hint("runAll must return only once every task has ended: leaving the pool's try-with-resources block waits for "
            + "them. See the lesson's Q7.")
    void runAllReturnsOnceEveryTaskHasEndedAndCountsTheFailures() {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        AtomicInteger ended = new AtomicInteger();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            tasks.add(() -> {
                runners.add(Thread.currentThread());
                Thread.sleep(n == 6 ? 150 : 15);
                ended.incrementAndGet();
                if (n % 3 == 0) {
                    throw new IllegalStateException("task " + n + " failed");
                }
                return n;
            });
        }
        int failed = PoolScope.runAll(2, tasks);
        assertThat(ended.get()).as("tasks that had ended when runAll returned (of 7, the last one slow)").isEqualTo(7);
        assertThat(failed).as("tasks that threw (tasks 0, 3 and 6 of 7)").isEqualTo(3);
        assertThat(runners).as("threads that ran the tasks (the pool's, not the caller's)").hasSize(2)
                .doesNotContain(Thread.currentThread());
        poolEnded(runners);
    }

    @Test
    @Points(2)
    @Hint("runAll's tasks run on `workers` threads at the same time, not one after another: submit them all to the "
            + "pool before leaving its block. See the lesson's Q7.")
    void runAllRunsWorkersTasksAtOnce() {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        CountDownLatch allIn = new CountDownLatch(3);
        AtomicInteger met = new AtomicInteger();
        Callable<Object> meet = () -> {
            runners.add(Thread.currentThread());
            allIn.countDown();
            if (allIn.await(2, TimeUnit.SECONDS)) {
                met.incrementAndGet();
            }
            return null;
        };
        int failed = PoolScope.runAll(3, List.of(meet, meet, meet));
        assertThat(met.get()).as("tasks that met the other two inside (3 tasks on 3 workers)").isEqualTo(3);
        assertThat(failed).as("tasks that threw").isZero();
        poolEnded(runners);
    }

    @Test
    @Points(2)
    @Hint(when = "interrupt status", value = "runAll's caller was interrupted: once runAll has waited for the running "
            + "tasks, the caller must still see its interrupt (its flag set). See the lesson's Q7 on close() and "
            + "interrupts.")
    @Hint(when = "still running", value = "runAll must wait until the running tasks have ended, also when its caller is "
            + "interrupted. See the lesson's Q7 on close() and interrupts.")
    @Hint("An interrupted runAll interrupts the running tasks (they stop waiting), does not start the others, waits "
            + "for the running ones and returns. See the lesson's Q7 on close() and interrupts.")
    void anInterruptedRunAllStopsTheTasksWaitsForThemAndKeepsTheInterrupt() throws Exception {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger stillRunning = new AtomicInteger();
        // An interrupted task stops only when the test lets it (after both have seen the interrupt): so a runAll that
        // returns without waiting for them is seen doing so on every run, not only when it is quick enough.
        CountDownLatch finish = new CountDownLatch(1);
        Callable<Object> sleeper = () -> {
            ran.incrementAndGet();
            stillRunning.incrementAndGet();
            runners.add(Thread.currentThread());
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                finish.await(5, TimeUnit.SECONDS); // the task takes a moment to stop: runAll must wait for it
                throw e;
            } finally {
                stillRunning.decrementAndGet();
            }
            return null;
        };
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        AtomicInteger runningAtReturn = new AtomicInteger(-1);
        Thread caller = Thread.ofPlatform().name("run-all-caller").start(() -> {
            try {
                outcome.set(PoolScope.runAll(2, List.of(sleeper, sleeper, sleeper, sleeper)));
            } catch (RuntimeException | Error t) {
                outcome.set(t);
                throw t; // uncaught: the harness reports the student's exception with its place
            }
            runningAtReturn.set(stillRunning.get());
            flag.set(Thread.currentThread().isInterrupted());
        });
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).as("two tasks started on 2 workers").isTrue();
            Await.untilBlocked(WITHIN, caller);
            caller.interrupt();
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (interrupted.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            finish.countDown();
            Await.joined(Duration.ofSeconds(5), caller);
        } finally {
            finish.countDown();
            caller.interrupt();
            for (Thread t : runners) {
                t.interrupt();
            }
        }
        assertThat(outcome.get()).as("what runAll returned when its caller was interrupted (the number of failed "
                + "tasks)").isInstanceOf(Integer.class);
        assertThat(runningAtReturn.get()).as("tasks still running when runAll returned").isZero();
        assertThat(interrupted.get()).as("running tasks that were interrupted when runAll's caller was interrupted "
                + "(of 2)").isEqualTo(2);
        assertThat(ran.get()).as("tasks that started (2 ran before the interrupt; the 2 queued ones must not run)")
                .isEqualTo(2);
        assertThat(flag.get()).as("the caller's interrupt status after runAll returned").isTrue();
        poolEnded(runners);
    }

    @Test
    @Hint(when = "workers", value = "A pool needs at least one thread: fewer is an IllegalArgumentException, as "
            + "Executors.newFixedThreadPool throws. See the Javadoc of runAll.")
    @Hint("runAll must work with no tasks (it returns 0) and from any calling thread: a daemon, a virtual thread, a "
            + "renamed one. See the lesson's Q7.")
    void edgeCasesAndEveryKindOfCaller() {
        assertThat(PoolScope.runAll(1, List.of())).as("runAll of no tasks").isZero();
        assertThat(catchThrowable(() -> PoolScope.runAll(0, List.of(() -> 1)))).as("what runAll with 0 workers threw")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> PoolScope.startInBackground(0, List.of()))).as("what startInBackground with 0 "
                + "workers threw").isInstanceOf(IllegalArgumentException.class);
        for (Caller caller : Callers.all()) {
            Set<Thread> runners = ConcurrentHashMap.newKeySet();
            Callable<Object> fails = () -> {
                runners.add(Thread.currentThread());
                throw new IOException("no good");
            };
            Integer failed = caller.call(WITHIN, () -> PoolScope.runAll(2, List.of(fails, () -> 1, fails)));
            assertThat(failed).as("failed tasks of runAll from a %s", caller.describe()).isEqualTo(2);
            poolEnded(runners);
        }
    }

    // ---- startInBackground --------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "shut down", value = "startInBackground hands the pool to its caller open: shutting it down is the "
            + "caller's job. See the lesson's Q7.")
    @Hint("startInBackground returns at once, with every task submitted and running on the pool's threads; closing "
            + "the pool then waits for them. See the lesson's Q7.")
    void startInBackgroundReturnsAtOnceWithAnOpenPool() throws Exception {
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        List<Callable<Object>> tasks = Collections.nCopies(3, held(runners, started, release, ended));
        AtomicReference<ExecutorService> returned = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").start(() -> returned.set(PoolScope.startInBackground(2,
                tasks)));
        ExecutorService pool = null;
        try {
            boolean atOnce = caller.join(Duration.ofSeconds(2));
            assertThat(atOnce).as("startInBackground returned at once, while its tasks were still running").isTrue();
            pool = returned.get();
            assertThat(pool).as("the pool startInBackground returned").isNotNull();
            assertThat(ended.get()).as("tasks that had ended when startInBackground returned (they wait for the test)")
                    .isZero();
            assertThat(pool.isShutdown()).as("the pool startInBackground returned was shut down").isFalse();
            assertThat(started.await(3, TimeUnit.SECONDS)).as("two tasks running at once on the 2 workers").isTrue();
            assertThat(runners).as("threads running the tasks").doesNotContain(Thread.currentThread());
            assertThat(runners).as("threads running the tasks are daemons").noneMatch(Thread::isDaemon);
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), caller);
            if (pool != null) {
                pool.close();
            }
        }
        assertThat(ended.get()).as("tasks ended once the pool was closed (of 3)").isEqualTo(3);
        poolEnded(runners);
    }

    // ---- the JVM's lifetime ---------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("A JVM whose main has returned exits once no non-daemon thread is left: runAll's pool must be shut down "
            + "when it returns. See the lesson's Q7.")
    void aJvmThatUsedRunAllExitsWhenMainReturns() throws Exception {
        Path output = Files.createTempFile("poolscope-child", ".log");
        Process p = child("runAll", output);
        try {
            boolean exited = p.waitFor(8, TimeUnit.SECONDS);
            rethrowStubOf(output);
            assertThat(exited).as("the child JVM exited after its main, which called runAll, returned").isTrue();
            assertThat(p.exitValue()).as("exit code of the child JVM (not 0: runAll threw in its main)").isZero();
            assertThat(Files.readString(output)).as("output of the child JVM").contains("main returns");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    @Test
    @Points(2)
    @Hint("A pool left open keeps its threads, and ordinary pool threads are not daemons: the JVM must stay alive "
            + "while the pool startInBackground returned is open, even after its tasks have ended. See the lesson's "
            + "Q7 on daemon threads and pools.")
    void aPoolLeftOpenKeepsTheJvmAlive() throws Exception {
        Path output = Files.createTempFile("poolscope-child", ".log");
        try {
            long start = System.nanoTime();
            Process quick = child("runAll", output);
            boolean quickExited;
            try {
                quickExited = quick.waitFor(8, TimeUnit.SECONDS);
            } finally {
                quick.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long baselineMillis = (System.nanoTime() - start) / 1_000_000;
            rethrowStubOf(output);
            assertThat(quickExited).as("baseline child (runAll, then main returns) exited").isTrue();
            Process p = child("open", output);
            try {
                boolean exited = p.waitFor(Math.max(2_000, 2 * baselineMillis), TimeUnit.MILLISECONDS);
                rethrowStubOf(output);
                assertThat(Files.readString(output)).as("output of the child JVM").contains("main returns");
                assertThat(exited).as("the child JVM exited although the pool startInBackground returned was left "
                        + "open").isFalse();
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
