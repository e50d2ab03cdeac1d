package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.futures.ProcessPool.BrokenPoolException;
import parakit.futures.ProcessPool.Launcher;
import parakit.futures.ProcessPool.RemoteTask;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.HeldTasks;
import parakit.support.Hint;

/**
 * Hidden tests for futures Q8. The workers are child JVMs started by the test's launcher (the classes under test
 * exist only in this JVM's memory, {@code ChildJvm} hands them over), which records each process it starts. A task
 * is held in its worker with {@link HeldTasks} (it says READY with its pid over a loopback socket and waits for the
 * test's word: "go" returns the pid, "exit" calls {@code System.exit(3)}, "halt" calls {@code Runtime.halt(3)}),
 * never by a sleep. Every wait on the code under test is bounded, so a pool that hangs fails with a message.
 */
@Question(section = "futures", number = 8, title = "A pool of worker processes, and the broken pool",
        timeoutSeconds = 20)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle", "java.lang.System#in",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedInputStream", "java.io.BufferedOutputStream",
        "java.io.DataInputStream", "java.io.DataOutputStream", "java.io.FilterInputStream",
        "java.io.FilterOutputStream", "java.io.ObjectInputStream",
        "java.io.ObjectOutputStream", "java.io.ObjectStreamException", "java.io.NotSerializableException",
        "java.io.InvalidClassException", "java.io.WriteAbortedException", "java.io.EOFException"},
        why = "the workers are child JVMs (ProcessBuilder through the launcher); tasks and their results cross the "
                + "process boundary with java.io serialization on the workers' pipes")
@Requires(type = ObjectOutputStream.class, method = "writeObject", in = "ProcessPool",
        why = "tasks and their answers cross the process boundary with Java serialization "
                + "(ObjectOutputStream.writeObject)")
class ProcessPoolHiddenTest {

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Xlog:disable", "-Xlog:all=warning:stderr");

    /** How long a worker may take to start or a future to complete: only wrong code waits that long. */
    private static final Duration WITHIN = Duration.ofSeconds(8);

    /** How long breaking the pool may take to fail the futures and end the workers ("promptly"). */
    private static final Duration PROMPTLY = Duration.ofSeconds(4);

    private Set<Long> before;

    private final List<Process> launched = Collections.synchronizedList(new ArrayList<>());

    private final Launcher launcher = (builder, main, args) -> {
        Process p = ChildJvm.start(builder, main, JVM, args);
        launched.add(p);
        return p;
    };

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** A task held in its worker until the test's word (see the class comment); returns its worker's pid. */
    private static RemoteTask<Long> held(int port) {
        return () -> {
            String word = HeldTasks.hold(port);
            if (word.equals("exit")) {
                System.exit(3);
            } else if (word.equals("halt")) {
                Runtime.getRuntime().halt(3);
            }
            return ProcessHandle.current().pid();
        };
    }

    private static final RemoteTask<Long> PID = () -> ProcessHandle.current().pid();

    private ProcessPool pool(int workers) throws Exception {
        return Children.within(WITHIN, before, "new ProcessPool(launcher, " + workers + ")",
                () -> new ProcessPool(launcher, workers));
    }

    private <T> Future<T> submit(ProcessPool pool, RemoteTask<T> task) throws Exception {
        return Children.within(Duration.ofSeconds(3), before, "submit (it must return at once)",
                () -> pool.submit(task));
    }

    private void close(ProcessPool pool, String what) throws Exception {
        Children.within(WITHIN, before, "close() " + what, () -> {
            pool.close();
            return null;
        });
    }

    private static <T> T result(Future<T> f, Duration within, String what) throws Exception {
        try {
            return f.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("get() of " + what + " did not return within " + within.toMillis()
                    + " ms: the future was never completed (a hang)");
        }
    }

    /** The result; fails if get() threw or did not return in time. */
    private static <T> T returned(Future<T> f, Duration within, String what) throws Exception {
        try {
            return result(f, within, what);
        } catch (ExecutionException e) {
            throw new AssertionError("get() of " + what + " threw " + e.getCause() + " instead of returning");
        }
    }

    /** The cause of get()'s ExecutionException; fails if get() returned or did not return in time. */
    private static Throwable failure(Future<?> f, Duration within, String what) throws Exception {
        try {
            Object value = result(f, within, what);
            return fail("get() of " + what + " returned " + value + " instead of throwing an ExecutionException");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private List<Process> aliveWorkers() {
        synchronized (launched) {
            return launched.stream().filter(Process::isAlive).toList();
        }
    }

    /** Waits up to {@code within} for every launched process to end; returns those still alive. */
    private List<Long> stillAliveAfter(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Process p : List.copyOf(launched)) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            p.waitFor(left, TimeUnit.MILLISECONDS);
        }
        return aliveWorkers().stream().map(Process::pid).toList();
    }

    // ---- the tests ---------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(value = "The tasks must run in the pool's worker processes (child JVMs from the launcher), as many at "
            + "once as there are workers. See the lesson's Q8.", when = "process")
    @Hint(value = "A worker process runs task after task: the pool starts its workers once and reuses them, it "
            + "does not start a process per task. See the lesson's Q8 on reuse.", when = "reuse")
    @Hint(value = "close() must end every worker process, and wait for them, before it returns; and leave no "
            + "thread of the pool running. See the lesson's Q8 on close.", when = "close")
    void tasksRunInTheWorkerProcessesWhichAreReused() throws Exception {
        ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
        List<Long> pids = new ArrayList<>();
        try (HeldTasks held = new HeldTasks()) {
            ProcessPool pool = pool(2);
            Future<Long> h1 = submit(pool, held(held.port()));
            Future<Long> h2 = submit(pool, held(held.port()));
            HeldTasks.Held a = held.awaitReady(WITHIN);
            HeldTasks.Held b = held.awaitReady(WITHIN);
            assertThat(List.of(a.pid(), b.pid())).as("pids of two tasks held at once on 2 workers (two worker "
                    + "processes, neither this JVM)").doesNotHaveDuplicates()
                    .doesNotContain(ProcessHandle.current().pid());
            List<Future<Long>> quick = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                quick.add(submit(pool, PID));
            }
            a.release("go");
            b.release("go");
            pids.add(returned(h1, WITHIN, "the first held task"));
            pids.add(returned(h2, WITHIN, "the second held task"));
            for (Future<Long> f : quick) {
                pids.add(returned(f, WITHIN, "a task returning its pid"));
            }
            assertThat(Set.copyOf(pids)).as("distinct pids of 6 tasks on 2 workers (workers reused, each task in "
                    + "one of the two worker processes)").containsExactlyInAnyOrder(a.pid(), b.pid());
            assertThat(launched).as("processes the launcher started for a pool of 2 (no reuse if more)")
                    .hasSize(2);
            close(pool, "of a pool whose tasks are done");
            assertThat(aliveWorkers()).as("worker processes still alive when close() returned").isEmpty();
            assertThat(ThreadLeaks.leftRunning(threads, Duration.ofMillis(500)))
                    .as("threads of the pool left running after close() returned").isEmpty();
        }
    }

    @Test
    @Points(3)
    @Hint(value = "When a worker process ends unexpectedly the pool is broken: the task it ran, the tasks running "
            + "on the other workers and the queued ones all fail with BrokenPoolException, promptly, and the "
            + "other workers are ended. See the lesson's Q8 on the broken pool.", when = "broken")
    @Hint(value = "A broken pool runs nothing more, and submit does not throw: the task's future fails with "
            + "BrokenPoolException. See the lesson's Q8 on where the error shows.", when = "belongs to the future")
    @Hint(value = "Nothing may hang: a broken pool's futures fail and its close() returns promptly, and no worker "
            + "process is left alive. See the lesson's Q8 on the broken pool.", on = {Hint.Failure.TIMEOUT})
    void aWorkerThatExitsBreaksThePoolAndFailsEveryPendingTask() throws Exception {
        try (HeldTasks held = new HeldTasks()) {
            ProcessPool pool = pool(2);
            Future<Long> h1 = submit(pool, held(held.port()));
            Future<Long> h2 = submit(pool, held(held.port()));
            HeldTasks.Held a = held.awaitReady(WITHIN);
            held.awaitReady(WITHIN);
            Future<Long> q1 = submit(pool, PID);
            Future<Long> q2 = submit(pool, PID);
            a.release("exit");
            List<Throwable> causes = new ArrayList<>();
            for (Future<Long> f : List.of(h1, h2, q1, q2)) {
                causes.add(failure(f, PROMPTLY, "a task of the pool broken by a worker that called System.exit"));
            }
            assertThat(causes).as("causes for the exiting task, the task held on the other worker and the two "
                    + "queued tasks, once a worker exited (the pool is broken)")
                    .allSatisfy(c -> assertThat(c).isInstanceOf(BrokenPoolException.class));
            AtomicReference<Future<Long>> later = new AtomicReference<>();
            try {
                later.set(submit(pool, PID));
            } catch (RejectedExecutionException e) {
                fail("submit to a broken pool threw " + e + " (the failure belongs to the future)");
            }
            assertThat(failure(later.get(), PROMPTLY, "a task submitted to a broken pool"))
                    .as("cause for a task submitted to a broken pool").isInstanceOf(BrokenPoolException.class);
            assertThat(stillAliveAfter(PROMPTLY)).as("worker processes still alive after the pool broke (the "
                    + "broken pool ends the other workers)").isEmpty();
            close(pool, "of a broken pool");
        }
    }

    @Test
    @Points(2)
    @Hint(value = "A worker killed while it is idle breaks the pool too: the pool must notice the death of any of "
            + "its worker processes by itself, end the others (their tasks fail with BrokenPoolException), and the "
            + "next task's get(), not submit, fails the same way. See the lesson's Q8 on the practical's example.")
    void aKilledIdleWorkerBreaksThePoolAsInThePractical() throws Exception {
        try (HeldTasks held = new HeldTasks()) {
            ProcessPool pool = pool(2);
            Future<Long> busy = submit(pool, held(held.port()));
            HeldTasks.Held b = held.awaitReady(WITHIN);
            long pid = returned(submit(pool, PID), WITHIN, "the task that asks for its worker's pid");
            assertThat(pid).as("pid of the other worker (the held task keeps one busy)").isNotEqualTo(b.pid());
            ProcessHandle idle = ProcessHandle.of(pid).orElseThrow();
            idle.destroyForcibly();
            idle.onExit().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(failure(busy, PROMPTLY, "the task held on the other worker after an idle worker was killed"))
                    .as("cause for the task running on the other worker once the idle one was killed (the pool is "
                            + "broken)").isInstanceOf(BrokenPoolException.class);
            Future<Long> next = submit(pool, PID);
            assertThat(failure(next, PROMPTLY, "a task submitted after a worker was killed"))
                    .as("cause for a task submitted after a worker was killed").isInstanceOf(BrokenPoolException.class);
            close(pool, "of a broken pool");
        }
    }

    @Test
    @Points(2)
    @Hint(value = "A task's exception, or a task that cannot be serialized, fails that task's future only: the "
            + "exception comes back as the cause (its class and message), and the same worker goes on with the "
            + "next task. See the lesson's Q8.")
    void anExceptionOrAnUnserializableTaskFailsOnlyItsFuture() throws Exception {
        ProcessPool pool = pool(1);
        Future<Long> failing = submit(pool, () -> {
            throw new IllegalStateException("no pid for you");
        });
        Object lock = new Object();
        Future<Long> unsendable = submit(pool, () -> (long) lock.hashCode());
        Future<Long> pid = submit(pool, PID);
        Future<Object> unreturnable = submit(pool, Object::new);
        Future<Long> pidAgain = submit(pool, PID);
        Throwable thrown = failure(failing, WITHIN, "a task that throws IllegalStateException(\"no pid for you\")");
        assertThat(thrown).as("cause for a task that threw IllegalStateException(\"no pid for you\")")
                .isInstanceOf(IllegalStateException.class).hasMessage("no pid for you");
        assertThat(failure(unsendable, WITHIN, "a task that captures a plain Object"))
                .as("cause for a task that cannot be serialized").isInstanceOf(NotSerializableException.class);
        long first = returned(pid, WITHIN, "a task after the failing ones");
        assertThat(failure(unreturnable, WITHIN, "a task whose result is a plain Object"))
                .as("cause for a task whose result cannot be serialized").isInstanceOf(NotSerializableException.class);
        long second = returned(pidAgain, WITHIN, "a task after the unserializable result");
        assertThat(List.of(first, second)).as("pids of the tasks after the failures (the one worker, not broken)")
                .containsExactly(launched.getFirst().pid(), launched.getFirst().pid());
        close(pool, "after failed tasks");
        assertThat(launched).as("processes started for a pool of 1").hasSize(1);
    }

    @Test
    @Points(2)
    @Hint(value = "close() stops new tasks at once (submit throws RejectedExecutionException), lets the submitted "
            + "ones finish, then ends the workers; it returns only after all that. See the lesson's Q8 on close.")
    void closeRefusesNewTasksAndWaitsForTheRunningOne() throws Exception {
        ProcessPool pool = pool(1);
        try (HeldTasks held = new HeldTasks()) {
            Future<Long> running = submit(pool, held(held.port()));
            Future<Long> queued = submit(pool, PID);
            HeldTasks.Held h = held.awaitReady(WITHIN);
            AtomicBoolean aliveAtReturn = new AtomicBoolean(true);
            Thread closer = new Thread(() -> {
                pool.close();
                aliveAtReturn.set(!aliveWorkers().isEmpty());
            }, "closer");
            closer.start();
            try {
                Await.untilBlocked(Duration.ofSeconds(3), closer);
                assertThat(closer.isAlive()).as("close() returned while a task was still running (it must wait "
                        + "for the submitted tasks)").isTrue();
                assertThatThrownBy(() -> pool.submit(PID)).as("submit while the pool is closing")
                        .isInstanceOf(RejectedExecutionException.class);
                h.release("go");
                Await.joined(WITHIN, closer);
            } finally {
                h.release("go");
            }
            assertThat(returned(running, Duration.ofMillis(1), "the task running when close() was called"))
                    .as("result of the task that was running when close() was called").isEqualTo(h.pid());
            assertThat(returned(queued, Duration.ofMillis(1), "the task queued when close() was called"))
                    .as("result of the task that was queued when close() was called (still run)").isEqualTo(h.pid());
            assertThat(aliveAtReturn.get()).as("a worker process was still alive when close() returned").isFalse();
            assertThatThrownBy(() -> pool.submit(PID)).as("submit after close()")
                    .isInstanceOf(RejectedExecutionException.class);
            close(pool, "called a second time");
        }
    }

    @Test
    @Hint(value = "A close() interrupted while it waits ends the workers at once (the tasks not done fail with "
            + "BrokenPoolException), still waits for them to end, and returns with the interrupt status set. See "
            + "the lesson's Q8 on close.")
    void anInterruptedCloseEndsTheWorkersAndKeepsTheInterrupt() throws Exception {
        ProcessPool pool = pool(1);
        try (HeldTasks held = new HeldTasks()) {
            Future<Long> running = submit(pool, held(held.port()));
            held.awaitReady(WITHIN);
            AtomicBoolean interruptedAtReturn = new AtomicBoolean();
            AtomicBoolean aliveAtReturn = new AtomicBoolean(true);
            Thread closer = new Thread(() -> {
                pool.close();
                interruptedAtReturn.set(Thread.currentThread().isInterrupted());
                aliveAtReturn.set(!aliveWorkers().isEmpty());
            }, "closer");
            closer.start();
            Await.untilBlocked(Duration.ofSeconds(3), closer);
            closer.interrupt();
            Await.joined(PROMPTLY, closer);
            assertThat(interruptedAtReturn.get()).as("interrupt status of the thread when close() returned")
                    .isTrue();
            assertThat(aliveAtReturn.get()).as("a worker process was still alive when the interrupted close() "
                    + "returned").isFalse();
            assertThat(failure(running, Duration.ofMillis(500), "the task running when close() was interrupted"))
                    .as("cause for the task running when close() was interrupted")
                    .isInstanceOf(BrokenPoolException.class);
        }
    }

    @Test
    @Hint(value = "The constructor checks its argument before it starts anything, and a worker that cannot be "
            + "started ends those already started before the IOException leaves. See the lesson's Q8.")
    void theConstructorRejectsNoWorkersAndCleansUpAFailedStart() throws Exception {
        assertThatThrownBy(() -> new ProcessPool(launcher, 0)).as("new ProcessPool(launcher, 0)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(launched).as("processes started by new ProcessPool(launcher, 0)").isEmpty();
        AtomicInteger calls = new AtomicInteger();
        List<Process> started = Collections.synchronizedList(new ArrayList<>());
        Launcher failingSecond = (builder, main, args) -> {
            if (calls.incrementAndGet() > 1) {
                throw new IOException("no second worker today");
            }
            Process p = new ProcessBuilder("sleep", "30").start();
            started.add(p);
            return p;
        };
        assertThatThrownBy(() -> new ProcessPool(failingSecond, 2)).as("new ProcessPool whose second worker "
                + "cannot be started").isInstanceOf(IOException.class);
        assertThat(started).as("the first worker was started").hasSize(1);
        assertThat(started.getFirst().isAlive()).as("the first worker still alive after the constructor threw")
                .isFalse();
    }
}
