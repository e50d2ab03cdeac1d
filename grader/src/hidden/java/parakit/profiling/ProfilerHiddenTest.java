package parakit.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;
import parakit.support.ProfileTables;
import parakit.support.ProfileTables.Table;

/**
 * Hidden tests for profiling Q1. CPU figures are judged against what the test measures itself with the same kind
 * of clock, never against a target speed: a thread's CPU time is what it consumed, however busy the machine, so
 * "the process's CPU time is at least what the two workers consumed" holds on a loaded machine with one core as
 * well as on an idle one with two. (The practical's observation that two busy threads make the process's CPU time
 * exceed the wall time needs two free cores; the lesson shows it, the tests do not depend on it.)
 */
@Question(section = "profiling", number = 1, title = "A profiler around a call")
@Allows(value = {"java.lang.management.ManagementFactory#getThreadMXBean",
        "java.lang.management.ThreadMXBean#getCurrentThreadCpuTime",
        "java.lang.management.ThreadMXBean#isCurrentThreadCpuTimeSupported",
        "java.lang.ProcessHandle#current", "java.lang.ProcessHandle#info",
        "java.lang.ProcessHandle$Info#totalCpuDuration"},
        why = "a profiler reads the CPU clocks: the calling thread's (ThreadMXBean) and the whole process's "
                + "(ProcessHandle.Info); these members only read time")
@Requires(type = ThreadMXBean.class, method = "getCurrentThreadCpuTime", in = "Profiler",
        why = "the CPU time of the calling thread comes from ThreadMXBean.getCurrentThreadCpuTime()")
@Requires(type = ProcessHandle.Info.class, method = "totalCpuDuration", in = "Profiler",
        why = "the CPU time of the whole process comes from ProcessHandle.current().info().totalCpuDuration()")
class ProfilerHiddenTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Slack for the process clock, which the OS counts in ticks of 10 ms: one tick at each end, and some. */
    private static final double TICKS_MS = 25;

    /** What a profile printed, with the stream to give it. */
    private static final class Captured {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        Table single() {
            return ProfileTables.single(text());
        }
    }

    private static double processCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e6;
    }

    private static double threadCpuMillis() {
        return THREADS.getCurrentThreadCpuTime() / 1e6;
    }

    /** Spins until this thread has used {@code millis} of CPU time; returns the CPU ms it used. */
    private static double burn(long millis) {
        long start = THREADS.getCurrentThreadCpuTime();
        long x = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < millis * 1_000_000) {
            for (int i = 0; i < 10_000; i++) {
                x += i ^ (x >>> 3);
            }
        }
        if (x == 42) {
            System.out.print(""); // keeps the loop from being optimised away
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1e6;
    }

    // ---- result and exceptions ----------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "printed while", value = "The table describes the whole call, so it can only be printed once the "
            + "call has ended. See the lesson's Q1 task.")
    @Hint("profile must return the call's own result (the same object) and print exactly one table for it. See the "
            + "lesson's Q1 task.")
    void theResultPassesThroughAndOneTableIsPrintedAfterTheCall() throws Exception {
        Captured c = new Captured();
        Object result = new Object();
        AtomicReference<String> during = new AtomicReference<>();
        Object returned = Profiler.profile("one call", c.out, () -> {
            during.set(c.text());
            return result;
        });
        assertThat(returned).as("what profile returned (the call's own result)").isSameAs(result);
        assertThat(during.get()).as("what profile printed while the call was still running").isEmpty();
        assertThat(c.single().label()).as("label in the table").isEqualTo("one call");
        Object none = Profiler.profile("null result", c.out, () -> null);
        assertThat(none).as("profile of a call returning null").isNull();
    }

    @Test
    @Points(3)
    @Hint(when = "printed for", value = "The table must be printed on every path out of the call, also when it "
            + "throws: that is what the practical's try/finally does. See the lesson's Q1 on exceptions.")
    @Hint("The call's exception must reach the caller unchanged: the same object, not wrapped in another exception "
            + "and not swallowed. See the lesson's Q1 on exceptions and the type parameter X.")
    void anExceptionPassesThroughUnchangedAndTheTableIsStillPrinted() throws Exception {
        List<Throwable> failures = List.of(new IOException("checked"), new IllegalStateException("unchecked"),
                new Error("an error"));
        assertThat(Profiler.profile("returns", new Captured().out, () -> 1)).as("profile of a call that returns 1")
                .isEqualTo(1);
        for (Throwable failure : failures) {
            Captured c = new Captured();
            String kind = failure.getClass().getSimpleName();
            assertThat(catchThrowable(() -> Profiler.profile("throws " + kind, c.out, () -> {
                Thread.sleep(30);
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) failure;
            }))).as("what profile threw when the call threw an %s", kind).isSameAs(failure);
            List<Table> tables = ProfileTables.parse(c.text());
            assertThat(tables).as("tables printed for a call that threw an %s", kind).hasSize(1);
            assertThat(tables.get(0).wallMillis()).as("wall time (ms) of a call that slept 30 ms, then threw an %s",
                    kind).isGreaterThanOrEqualTo(29.0);
        }
    }

    // ---- the three clocks -----------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "wall time", value = "Wall time is elapsed time (System.nanoTime), from the start of the call to its "
            + "end, sleeping included. See the lesson's Q1 on the three clocks.")
    @Hint("A thread that sleeps uses (almost) no CPU: CPU time is the time a core actually ran the thread, not the "
            + "time that passed. See the lesson's Q1 on the three clocks.")
    void aSleepingCallHasWallTimeButAlmostNoCpuTime() throws Exception {
        Captured c = new Captured();
        double process0 = processCpuMillis();
        double thread0 = threadCpuMillis();
        long wall0 = System.nanoTime();
        Profiler.profile("sleep", c.out, () -> {
            Thread.sleep(200);
            return null;
        });
        double outerWall = millisSince(wall0);
        double ownThread = threadCpuMillis() - thread0;
        double ownProcess = processCpuMillis() - process0;
        Table t = c.single();
        assertThat(t.wallMillis()).as("wall time (ms) of a call that sleeps 200 ms, measured around it: %.1f ms",
                outerWall).isBetween(199.0, outerWall + 1);
        assertThat(t.threadCpuMillis()).as("cpu of the calling thread (a platform thread)").isPresent();
        assertThat(t.processCpuMillis()).as("cpu of the whole process").isPresent();
        assertThat(t.threadCpuMillis().getAsDouble())
                .as("cpu (ms) of the calling thread while it slept 200 ms (the test measured %.1f ms around the "
                        + "call; wall time %.1f ms)", ownThread, t.wallMillis())
                .isLessThanOrEqualTo(ownThread + 1).isLessThan(t.wallMillis() / 4);
        assertThat(t.processCpuMillis().getAsDouble())
                .as("cpu (ms) of the whole process while the call slept 200 ms (the test measured %.1f ms of "
                        + "process cpu around the call; wall time %.1f ms)", ownProcess, t.wallMillis())
                .isLessThanOrEqualTo(ownProcess + 1);
    }

    @Test
    @Points(3)
    @Hint(when = "whole process", value = "The process's CPU time counts every thread of the JVM, also threads that "
            + "have ended by the end of the call: a thread's own clock, or a sum over the threads alive at the end, "
            + "misses them. See the lesson's Q1 on the three clocks.")
    @Hint(when = "calling thread", value = "The calling thread's CPU time is that thread's alone: a thread that only "
            + "waits for workers uses almost none, whatever they use. See the lesson's Q1 on the three clocks.")
    @Hint("See the lesson's Q1 on the three clocks.")
    void processCpuCountsWorkersThatEndedAndThreadCpuOnlyTheCaller() throws Exception {
        Captured c = new Captured();
        AtomicLong workersMicros = new AtomicLong();
        double process0 = processCpuMillis();
        double thread0 = threadCpuMillis();
        Profiler.profile("two workers", c.out, () -> {
            Runnable work = () -> workersMicros.addAndGet(Math.round(burn(150) * 1000));
            Thread a = Thread.ofPlatform().name("worker-a").start(work);
            Thread b = Thread.ofPlatform().name("worker-b").start(work);
            Await.joined(Duration.ofSeconds(10), a, b);
            return null;
        });
        double ownThread = threadCpuMillis() - thread0;
        double ownProcess = processCpuMillis() - process0;
        double workers = workersMicros.get() / 1000.0;
        Table t = c.single();
        assertThat(t.processCpuMillis()).as("cpu of the whole process").isPresent();
        double process = t.processCpuMillis().getAsDouble();
        // Observation of the practical (not checked: it needs two free cores): process cpu above wall time.
        System.out.printf("two workers: wall %.1f ms, process cpu %.1f ms, workers' own cpu %.1f ms%n",
                t.wallMillis(), process, workers);
        assertThat(process).as("cpu (ms) of the whole process for a call whose two worker threads, ended by the end "
                        + "of the call, used %.1f ms of cpu between them (the test measured %.1f ms of process cpu "
                        + "around the call)", workers, ownProcess)
                .isGreaterThanOrEqualTo(workers - TICKS_MS).isLessThanOrEqualTo(ownProcess + 1);
        assertThat(t.threadCpuMillis()).as("cpu of the calling thread").isPresent();
        assertThat(t.threadCpuMillis().getAsDouble()).as("cpu (ms) of the calling thread, which only started and "
                        + "joined two workers that used %.1f ms of cpu (the test measured %.1f ms on that thread)",
                workers, ownThread).isLessThanOrEqualTo(ownThread + 1).isLessThan(workers / 4);
    }

    @Test
    @Points(2)
    @Hint("The calling thread's CPU time must count the CPU the call itself uses on that thread, from the start of "
            + "the call to its end. See the lesson's Q1 on the three clocks.")
    void threadCpuCountsWhatTheCallUsesOnTheCallingThread() throws Exception {
        Captured c = new Captured();
        double thread0 = threadCpuMillis();
        double[] used = new double[1];
        Profiler.profile("busy caller", c.out, () -> {
            sleep(20);
            used[0] = burn(120);
            return null;
        });
        double ownThread = threadCpuMillis() - thread0;
        Table t = c.single();
        assertThat(t.threadCpuMillis()).as("cpu of the calling thread").isPresent();
        assertThat(t.threadCpuMillis().getAsDouble()).as("cpu (ms) of the calling thread for a call that used %.1f "
                        + "ms of cpu on it (the test measured %.1f ms on that thread around the call)", used[0],
                ownThread).isBetween(used[0] - 1, ownThread + 1);
        assertThat(t.processCpuMillis().orElse(-1)).as("cpu (ms) of the whole process, which includes the calling "
                + "thread's %.1f ms", used[0]).isGreaterThanOrEqualTo(used[0] - TICKS_MS);
        assertThat(t.wallMillis()).as("wall time (ms) of a call that slept 20 ms and used %.1f ms of cpu", used[0])
                .isGreaterThanOrEqualTo(used[0] + 19);
    }

    // ---- sections -------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint(when = "calls", value = "Every entry into a section counts as a call, also one whose body throws. See the "
            + "lesson's Q1 on sections.")
    @Hint(when = "order", value = "The table lists sections in the order they were first entered. See the lesson's Q1 "
            + "on sections.")
    @Hint("A section's time is the wall time its body ran, added up over its calls, also when the body throws. See "
            + "the lesson's Q1 on sections.")
    void repeatedSectionsAreCountedAndTimed() throws Exception {
        Captured c = new Captured();
        String result = Profiler.profile("sections", c.out, () -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertThat(Profiler.section("fetch", () -> {
                    Thread.sleep(20);
                    return "page " + n;
                })).as("what section returned").isEqualTo("page " + n);
            }
            Profiler.section("parse", () -> {
                Thread.sleep(40);
                return null;
            });
            IllegalStateException boom = new IllegalStateException("bad page");
            assertThat(catchThrowable(() -> Profiler.section("fetch", () -> {
                Thread.sleep(20);
                throw boom;
            }))).as("what section threw when its body threw").isSameAs(boom);
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        Table t = c.single();
        assertThat(t.sections().keySet()).as("sections of the table, in order of first entry")
                .containsExactly("fetch", "parse");
        assertThat(t.section("fetch").calls()).as("calls of 'fetch' (3 that returned, 1 that threw)").isEqualTo(4);
        assertThat(t.section("parse").calls()).as("calls of 'parse'").isEqualTo(1);
        assertThat(t.section("fetch").wallMillis()).as("time (ms) of 'fetch': 4 entries of 20 ms each, the last one threw")
                .isBetween(79.0, t.wallMillis());
        assertThat(t.section("parse").wallMillis()).as("time (ms) of 'parse': 1 call of 40 ms")
                .isBetween(39.0, t.wallMillis() - 79);
    }

    @Test
    @Points(2)
    @Hint(when = "same name", value = "A section entered again inside itself (recursion) is one more call, but its "
            + "time is already counted by the outer one: counting it again makes a section last longer than the "
            + "whole call. See the lesson's Q1 on nested sections.")
    @Hint("A section nested in another of a different name is part of the outer one's time. See the lesson's Q1 on "
            + "nested sections.")
    void nestedSectionsCountEveryCallButTimeOnce() throws Exception {
        Captured c = new Captured();
        Profiler.profile("nested", c.out, () -> Profiler.section("walk", () -> Profiler.section("walk", () -> {
            Profiler.section("visit", () -> {
                Thread.sleep(60);
                return null;
            });
            return Profiler.section("walk", () -> null);
        })));
        Table t = c.single();
        assertThat(t.section("walk").calls()).as("calls of 'walk', entered three times, nested in itself")
                .isEqualTo(3);
        assertThat(t.section("visit").calls()).as("calls of 'visit'").isEqualTo(1);
        assertThat(t.section("walk").wallMillis())
                .as("time (ms) of 'walk' nested in itself around one 60 ms 'visit' (same name counted once), in a "
                        + "call of %.1f ms", t.wallMillis())
                .isBetween(t.section("visit").wallMillis(), t.wallMillis());
        assertThat(t.section("visit").wallMillis()).as("time (ms) of 'visit'").isGreaterThanOrEqualTo(59.0);
    }

    @Test
    @Points(2)
    @Hint(when = "after", value = "When a profile ends, the thread must be as before it: the outer profile running "
            + "again if there was one, none otherwise. See the lesson's Q1 on nested profiles.")
    @Hint("Each profile counts only the sections entered while it is the innermost profile on its thread. See the "
            + "lesson's Q1 on nested profiles.")
    void aNestedProfileHasItsOwnSectionsAndTheOuterOneResumes() throws Exception {
        Captured c = new Captured();
        Profiler.section("before", () -> null);
        Profiler.profile("outer", c.out, () -> {
            Profiler.section("x", () -> null);
            Profiler.profile("inner", c.out, () -> Profiler.section("y", () -> null));
            return Profiler.section("z", () -> null);
        });
        assertThat(Profiler.section("outside", () -> "ran")).as("a section outside any profile runs its body")
                .isEqualTo("ran");
        Profiler.profile("later", c.out, () -> Profiler.section("w", () -> null));
        List<Table> tables = ProfileTables.parse(c.text());
        assertThat(tables).extracting(Table::label).as("tables printed, in order").containsExactly("inner", "outer",
                "later");
        assertThat(tables.get(0).sections().keySet()).as("sections of the inner profile").containsExactly("y");
        assertThat(tables.get(1).sections().keySet()).as("sections of the outer profile (x before, z after the inner "
                + "one)").containsExactly("x", "z");
        assertThat(tables.get(2).sections().keySet()).as("sections of a later profile on the same thread, after "
                + "sections entered outside any profile").containsExactly("w");
    }

    @Test
    @Points(2)
    @Hint(when = "other thread", value = "A profile counts the sections of its own thread only: a section run by a "
            + "thread the call started is not entered by the profiled thread. See the lesson's Q1 on sections.")
    @Hint("Two threads profiling at the same time must not see each other's sections: which profile is running is a "
            + "property of each thread. See the lesson's Q1 on sections and threads.")
    void profilesOnTwoThreadsAtOnceKeepTheirOwnSections() throws Exception {
        Captured[] captured = {new Captured(), new Captured()};
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            threads[i] = Thread.ofPlatform().name("profiling-" + i).start(() -> {
                try {
                    Profiler.profile("thread " + n, captured[n].out, () -> {
                        together.await(3, TimeUnit.SECONDS); // both profiles have started
                        Profiler.section("mine-" + n, () -> null);
                        together.await(3, TimeUnit.SECONDS); // both have entered their sections
                        if (n == 0) {
                            Thread helper = Thread.ofPlatform().name("helper").start(() ->
                                    Profiler.section("helper", () -> null));
                            Await.joined(Duration.ofSeconds(3), helper);
                        }
                        return null;
                    });
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        Await.joined(Duration.ofSeconds(8), threads);
        if (failure.get() != null) {
            throw new AssertionError("profiling on two threads at once failed: " + failure.get(), failure.get());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(captured[i].single().sections().keySet())
                    .as("sections of the profile on thread %d, while thread %d profiled at the same time", i, 1 - i)
                    .doesNotContain("mine-" + (1 - i)).contains("mine-" + i);
        }
        assertThat(captured[0].single().sections().keySet())
                .as("sections of a profile whose call started an other thread that entered section 'helper'")
                .containsExactly("mine-0");
    }

    @Test
    @Hint(when = "virtual", value = "The JVM reports no CPU time for a virtual thread (it moves between carrier "
            + "threads): the table must say n/a for it rather than a number. See the lesson's Q1 on virtual threads.")
    @Hint("profile must work from any calling thread: a daemon, a virtual thread, a renamed one. See the lesson's Q1.")
    void worksFromEveryKindOfCaller() throws Exception {
        for (Caller caller : Callers.all()) {
            Captured c = new Captured();
            String result = caller.call(Duration.ofSeconds(5), () -> Profiler.profile("from " + caller.name(), c.out,
                    () -> Profiler.section("s", () -> {
                        Thread.sleep(5);
                        return "r";
                    })));
            assertThat(result).as("what profile returned from a %s", caller.describe()).isEqualTo("r");
            Table t = c.single();
            assertThat(t.section("s").calls()).as("calls of section 's' from a %s", caller.describe()).isEqualTo(1);
            assertThat(t.processCpuMillis()).as("cpu of the whole process, from a %s", caller.describe()).isPresent();
            if (caller == Caller.VIRTUAL) {
                assertThat(t.threadCpuMillis()).as("cpu of the calling thread when it is a virtual thread (n/a)")
                        .isEmpty();
            } else {
                assertThat(t.threadCpuMillis()).as("cpu of the calling thread, a %s", caller.describe()).isPresent();
            }
        }
    }
}
