package parakit.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.LineChild;

/**
 * Hidden tests for Q3. {@code withAlarm} runs on a worker thread of the test's (a platform, daemon or virtual
 * thread), whose outcome, interrupt status afterwards and later sleep the worker notes itself; every wait is
 * bounded, and a worker still running when the test gives up is interrupted and joined. The child's cleanup is
 * checked in two child JVMs: one sent TERM, one whose input ends.
 */
@Question(section = "signal", number = 3, title = "An alarm and a cleanup on TERM", timeoutSeconds = 20)
@Allows(value = {"java.lang.Runtime#addShutdownHook", "java.lang.System#in", "java.io.InputStream",
        "java.io.BufferedReader", "java.io.InputStreamReader"},
        why = "the child registers a shutdown hook and reads its standard input")
@Requires(type = ScheduledExecutorService.class, method = "schedule", in = "Alarm.withAlarm",
        why = "the alarm is a task scheduled on a ScheduledExecutorService")
@Requires(type = Runtime.class, method = "addShutdownHook", in = "Alarm",
        why = "the child cleans up in a shutdown hook")
class AlarmHiddenTest {

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final Duration BOUND = Duration.ofSeconds(3);

    private static final Duration LEFT = Duration.ofMillis(500);

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** What a worker saw: withAlarm's result or what it threw, its interrupt status right after, a later sleep. */
    private static final class Outcome {
        volatile Object result;
        volatile boolean interruptedAfter;
        volatile boolean laterSleepInterrupted;
        volatile long callNanos;
        volatile long taskEndedNanos = -1;
        volatile boolean ended;
        /** Whether the worker had ended when the test's wait for it ran out (before the test interrupted it). */
        volatile boolean inTime;
    }

    /**
     * Runs {@code withAlarm(timeout, task)} on a new thread of {@code builder}, then (if {@code laterSleep} > 0)
     * sleeps that long there, noting an interrupt; waits up to {@link #BOUND} plus the later sleep for it.
     */
    private static Outcome run(Thread.Builder builder, Duration timeout, Alarm.Task task, long laterSleep)
            throws InterruptedException {
        Outcome o = new Outcome();
        Thread worker = builder.unstarted(() -> {
            o.callNanos = System.nanoTime();
            try {
                o.result = Alarm.withAlarm(timeout, task);
            } catch (Throwable t) {
                o.result = t;
            }
            o.interruptedAfter = Thread.interrupted();
            if (laterSleep > 0) {
                try {
                    Thread.sleep(laterSleep);
                } catch (InterruptedException e) {
                    o.laterSleepInterrupted = true;
                }
            }
            o.ended = true;
        });
        worker.start();
        worker.join(BOUND.toMillis() + laterSleep);
        o.inTime = !worker.isAlive();
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(2_000);
        }
        return o;
    }

    private static Outcome run(Duration timeout, Alarm.Task task, long laterSleep) throws InterruptedException {
        return run(Thread.ofPlatform().name("alarm-worker"), timeout, task, laterSleep);
    }

    @Test
    @Points(3)
    @Hint(value = "The alarm interrupts the thread that runs the task, from the scheduler's thread, once the "
            + "timeout has passed; the sleep it ends is an InterruptedException that withAlarm handles. See the "
            + "lesson's Q3.")
    @Hint(value = "The alarm's executor is the method's own: it is shut down before withAlarm returns. See the "
            + "lesson's Q3.", when = "threads left running")
    void theAlarmEndsASleepOnceItsTimeoutHasPassedNotBefore() throws Exception {
        ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
        Outcome[] holder = new Outcome[1];
        Alarm.Task sleep = () -> {
            try {
                Thread.sleep(20_000);
            } finally {
                holder[0].taskEndedNanos = System.nanoTime();
            }
        };
        Outcome o = new Outcome();
        holder[0] = o;
        Outcome r = runInto(o, Duration.ofMillis(300), sleep);
        assertThat(r.inTime).as("withAlarm(300 ms, a 20 s sleep) returned within %d ms", BOUND.toMillis()).isTrue();
        assertThat(r.result).as("what withAlarm returned when its alarm ended the task").isEqualTo(false);
        long afterMillis = (r.taskEndedNanos - r.callNanos) / 1_000_000;
        assertThat(afterMillis).as("ms from the call to the end of the task's sleep (timeout 300 ms)")
                .isGreaterThanOrEqualTo(300);
        assertThat(r.interruptedAfter).as("interrupt status of the worker right after withAlarm returned").isFalse();
        assertThat(ThreadLeaks.leftRunning(threads, LEFT)).as("threads left running after withAlarm").isEmpty();
    }

    /** Like {@link #run(Duration, Alarm.Task, long)} but into {@code o}, which the task can see. */
    private static Outcome runInto(Outcome o, Duration timeout, Alarm.Task task) throws InterruptedException {
        Thread worker = Thread.ofPlatform().name("alarm-worker").unstarted(() -> {
            o.callNanos = System.nanoTime();
            try {
                o.result = Alarm.withAlarm(timeout, task);
            } catch (Throwable t) {
                o.result = t;
            }
            o.interruptedAfter = Thread.interrupted();
            o.ended = true;
        });
        worker.start();
        worker.join(BOUND.toMillis());
        o.inTime = !worker.isAlive();
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(2_000);
        }
        return o;
    }

    @Test
    @Points(2)
    @Hint(value = "An alarm that did not go off is cancelled before withAlarm returns: a task still scheduled "
            + "interrupts whatever the thread does next. See the lesson's Q3 on cancelling.")
    void aTaskThatEndsFirstIsNeverInterruptedLater() throws Exception {
        ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
        Outcome o = run(Duration.ofMillis(200), () -> { }, 600);
        assertThat(o.inTime).as("the worker ended").isTrue();
        assertThat(o.result).as("what withAlarm(200 ms, a task that returns at once) returned").isEqualTo(true);
        assertThat(o.interruptedAfter).as("interrupt status right after withAlarm returned").isFalse();
        assertThat(o.laterSleepInterrupted).as("a 600 ms sleep of the worker after withAlarm returned was "
                + "interrupted").isFalse();
        assertThat(ThreadLeaks.leftRunning(threads, LEFT)).as("threads left running after withAlarm").isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "Whether the alarm went off is what withAlarm reports, however the task ended, and the alarm's "
            + "interrupt is spent when it returns. See the lesson's Q3.")
    void theAlarmsInterruptIsSpentHoweverTheTaskEnded() throws Exception {
        Outcome spun = run(Duration.ofMillis(100), () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        }, 0);
        assertThat(spun.inTime).as("withAlarm of a task that returns once it sees its interrupt flag ended").isTrue();
        assertThat(spun.result).as("what withAlarm returned when the task saw the alarm's interrupt and returned")
                .isEqualTo(false);
        assertThat(spun.interruptedAfter).as("interrupt status after withAlarm (the task returned with the flag "
                + "set)").isFalse();
        Outcome caught = run(Duration.ofMillis(100), () -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                // the task handles the interrupt itself and returns
            }
        }, 0);
        assertThat(caught.inTime).as("withAlarm of a task that catches the interrupt ended").isTrue();
        assertThat(caught.result).as("what withAlarm returned when the task caught the alarm's interrupt and "
                + "returned").isEqualTo(false);
        assertThat(caught.interruptedAfter).as("interrupt status after withAlarm (the task caught it)").isFalse();
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupt that is not the alarm's is the caller's: withAlarm lets it go on, as an "
            + "InterruptedException, after shutting its executor down. See the lesson's Q3.")
    void anInterruptFromElsewhereIsTheCallers() throws Exception {
        ThreadLeaks.Snapshot threads = ThreadLeaks.snapshot();
        CountDownLatch sleeping = new CountDownLatch(1);
        Outcome o = new Outcome();
        Thread w = Thread.ofPlatform().name("alarm-worker").start(() -> {
            try {
                o.result = Alarm.withAlarm(Duration.ofSeconds(20), () -> {
                    sleeping.countDown();
                    Thread.sleep(20_000);
                });
            } catch (Throwable t) {
                o.result = t;
            }
            o.ended = true;
        });
        assertThat(sleeping.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("the task started").isTrue();
        Await.untilBlocked(BOUND, w);
        w.interrupt();
        w.join(BOUND.toMillis());
        boolean ended = !w.isAlive();
        if (!ended) {
            w.interrupt();
            w.join(2_000);
        }
        assertThat(ended).as("withAlarm(20 s) ended within %d ms of an interrupt from the test", BOUND.toMillis())
                .isTrue();
        assertThat(o.result).as("what withAlarm did when another thread interrupted the task before the alarm")
                .isInstanceOf(InterruptedException.class);
        assertThat(ThreadLeaks.leftRunning(threads, LEFT)).as("threads left running after withAlarm threw")
                .isEmpty();
    }

    @Test
    @Hint(value = "A timeout of zero or less lets the alarm go off at once; the alarm interrupts the thread that "
            + "called withAlarm, whatever kind of thread it is. See the lesson's Q3.")
    void aTimeoutOfZeroOrLessGoesOffAtOnceOnAnyThread() throws Exception {
        for (Thread.Builder builder : List.of(Thread.ofPlatform().name("alarm-daemon").daemon(true),
                Thread.ofVirtual().name("alarm-virtual"))) {
            for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
                Outcome o = run(builder, timeout, () -> Thread.sleep(20_000), 0);
                assertThat(o.inTime).as("withAlarm(%s, a 20 s sleep) on a %s ended within %d ms", timeout,
                        builder instanceof Thread.Builder.OfVirtual ? "virtual thread" : "daemon thread",
                        BOUND.toMillis()).isTrue();
                assertThat(o.result).as("what withAlarm(%s) returned", timeout).isEqualTo(false);
            }
        }
    }

    private static long cleanups(LineChild child) {
        return child.lines().stream().filter(Alarm.CLEANUP::equals).count();
    }

    @Test
    @Points(2)
    @Hint(value = "TERM ends the JVM, which runs its shutdown hooks on the way out: the cleanup belongs in one, "
            + "and it must be able to finish. See the lesson's Q3 on shutdown hooks.")
    void termRunsTheCleanupOnceAndTheJvmExitsWith143() throws Exception {
        try (LineChild child = LineChild.start(Alarm.Child.class, JVM)) {
            child.await(Alarm.READY, Duration.ofSeconds(8), "READY");
            child.send("TICKS");
            child.await("TICKS", BOUND, "the answer to TICKS");
            child.signal("TERM");
            int code = child.exitCode(BOUND, "after TERM");
            assertThat(cleanups(child)).as("CLEANUP lines of a child sent TERM (it printed %s)",
                    child.linesSoFar()).isOne();
            assertThat(code).as("exit code of a child sent TERM").isEqualTo(143);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "A JVM exits when its last non-daemon thread has ended, and then runs its shutdown hooks: "
            + "whatever keeps a thread alive must be stopped, and the cleanup must run once, not once per route. "
            + "See the lesson's Q3.")
    void aNormalExitRunsTheCleanupOnceAndTheJvmExitsWith0() throws Exception {
        try (LineChild child = LineChild.start(Alarm.Child.class, JVM)) {
            child.await(Alarm.READY, Duration.ofSeconds(8), "READY");
            child.closeInput();
            int code = child.exitCode(BOUND, "after its input ended");
            assertThat(cleanups(child)).as("CLEANUP lines of a child whose input ended (it printed %s)",
                    child.linesSoFar()).isOne();
            assertThat(code).as("exit code of a child whose input ended").isZero();
        }
    }
}
