package parakit.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.signal.HandlerThread.Seen;
import parakit.support.Children;
import parakit.support.Hint;
import parakit.support.LineChild;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Hidden tests for Q2. {@code describe} is called on threads the test chooses (one named "main" that is not the
 * main thread, one named like the waiter that is not it, daemons, a virtual thread). {@code awaitSignal} is run in
 * a child JVM ({@link Observer}) that a real signal reaches: once the student's handler is installed (in
 * {@code ready}) the test puts a spy in front of it, which notes the thread the handler really runs on and then
 * calls the student's handler; the child prints both, for the main thread as the waiter (USR1) and for a thread
 * named "receiver" (USR2).
 */
@Question(section = "signal", number = 2, title = "Which thread runs a signal handler", timeoutSeconds = 20)
@Allows(value = {"sun.misc.Signal", "sun.misc.SignalHandler"},
        why = "the handler is installed with sun.misc.Signal")
@Requires(type = Signal.class, method = "handle", in = "HandlerThread.awaitSignal",
        why = "awaitSignal installs its handler with sun.misc.Signal.handle")
@Forbids(type = Signal.class, method = "raise", in = "HandlerThread",
        why = "a program sends signals to its own children only: raise signals the JVM it runs in")
class HandlerThreadHiddenTest {

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final Duration LINE = Duration.ofSeconds(3);

    /** "name=.. id=.. main=.. daemon=.. waiter=..", the same text for the student's answer and the truth. */
    static String text(Seen s) {
        return "name=" + s.name() + " id=" + s.id() + " main=" + s.main() + " daemon=" + s.daemon() + " waiter="
                + s.waiter();
    }

    /** The child: runs awaitSignal with the main thread as the waiter, then with a thread named "receiver". */
    static final class Observer {
        public static void main(String[] args) throws Exception {
            Thread main = Thread.currentThread();
            round("USR1", main);
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread receiver = new Thread(() -> {
                try {
                    round("USR2", main);
                } catch (Exception e) {
                    failed.set(e);
                }
            }, "receiver");
            receiver.start();
            receiver.join();
            if (failed.get() != null) {
                throw failed.get();
            }
        }

        private static void round(String name, Thread main) throws Exception {
            Signal signal = new Signal(name);
            SignalHandler sentinel = s -> { };
            Signal.handle(signal, sentinel);
            Thread waiter = Thread.currentThread();
            AtomicReference<Thread> truth = new AtomicReference<>();
            Optional<Seen> seen = HandlerThread.awaitSignal(name, main, () -> {
                SignalHandler[] students = new SignalHandler[1];
                students[0] = Signal.handle(signal, s -> {
                    truth.compareAndSet(null, Thread.currentThread());
                    students[0].handle(s);
                });
                say("INSTALLED " + name + " " + (students[0] != sentinel));
                say("READY " + name);
            }, Duration.ofSeconds(10));
            Thread t = truth.get();
            say("TRUTH " + name + " " + (t == null ? "none" : text(new Seen(t.getName(), t.threadId(), t == main,
                    t.isDaemon(), t == waiter))));
            say("SEEN " + name + " " + seen.map(HandlerThreadHiddenTest::text).orElse("none"));
            say("AFTER " + name + " " + (Signal.handle(signal, sentinel) == sentinel));
        }

        private static void say(String line) {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
        }
    }

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /** Runs {@code describe(main, waiter)} on {@code thread}'s own run and returns what it said. */
    private static Seen describedOn(Thread.Builder builder, Thread main, Thread waiter, boolean mainIsSelf,
            boolean waiterIsSelf) throws Exception {
        return describedOn(builder, main, waiter, mainIsSelf, waiterIsSelf, new AtomicReference<>());
    }

    /** The same, noting the thread in {@code thread}. */
    private static Seen describedOn(Thread.Builder builder, Thread main, Thread waiter, boolean mainIsSelf,
            boolean waiterIsSelf, AtomicReference<Thread> thread) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = builder.unstarted(() -> {
            Thread self = Thread.currentThread();
            thread.set(self);
            try {
                result.set(HandlerThread.describe(mainIsSelf ? self : main, waiterIsSelf ? self : waiter));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        Await.joined(Duration.ofSeconds(3), t);
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        return (Seen) result.get();
    }

    @Test
    @Points(2)
    @Hint(value = "The main thread and the waiter are those very threads: a thread can be named anything, "
            + "'main' included. See the lesson's Q2.")
    void describeTellsMainAndWaiterByIdentityNotByName() throws Exception {
        Thread main = Thread.ofPlatform().name("program").unstarted(() -> { });
        Thread waiter = Thread.ofPlatform().name("receiver").unstarted(() -> { });
        Seen namedMain = describedOn(Thread.ofPlatform().name("main"), main, waiter, false, false);
        assertThat(namedMain.main()).as("main, on a thread named 'main' that is not the main thread given").isFalse();
        assertThat(namedMain.waiter()).as("waiter, on a thread named 'main' that is not the waiter").isFalse();
        Seen isMain = describedOn(Thread.ofPlatform().name("program"), main, waiter, true, false);
        assertThat(isMain.main()).as("main, on the main thread given (named 'program')").isTrue();
        assertThat(isMain.waiter()).as("waiter, on the main thread given, which is not the waiter").isFalse();
        Seen isWaiter = describedOn(Thread.ofPlatform().name("receiver"), main, waiter, false, true);
        assertThat(isWaiter.waiter()).as("waiter, on the waiter given").isTrue();
        assertThat(isWaiter.main()).as("main, on the waiter, which is not the main thread").isFalse();
        Seen namedLikeWaiter = describedOn(Thread.ofPlatform().name("receiver"), main, waiter, false, false);
        assertThat(namedLikeWaiter.waiter()).as("waiter, on a thread named like the waiter that is not it")
                .isFalse();
    }

    @Test
    @Hint(value = "Describe the calling thread as it is: its own name, id and daemon status. See the lesson's Q2.")
    void describeTellsNameIdAndDaemonOfTheCallingThread() throws Exception {
        Thread other = Thread.ofPlatform().name("other").unstarted(() -> { });
        for (Thread.Builder builder : List.of(Thread.ofPlatform().name("plain-1").daemon(false),
                Thread.ofPlatform().name("daemon-1").daemon(true), Thread.ofVirtual().name("virtual-1"))) {
            AtomicReference<Thread> self = new AtomicReference<>();
            Seen seen = describedOn(builder, other, other, false, false, self);
            Thread t = self.get();
            assertThat(seen).as("describe on %s", t).isEqualTo(new Seen(t.getName(), t.threadId(), false,
                    t.isDaemon(), false));
        }
    }

    @Test
    @Points(3)
    @Hint(value = "The handler must describe the thread it runs on itself, and hand the description over: the "
            + "waiter learns it, but is not the thread the signal ran on. See the lesson's Q2.", when = "SEEN")
    @Hint(value = "The handler must be installed before ready runs: once ready has run, the signal may come. See "
            + "the lesson's Q2.", when = "installed")
    @Hint(value = "Whatever happens, the handler the signal had before awaitSignal is put back before it returns. "
            + "See the lesson's Q2.", when = "AFTER")
    void aRealSignalsHandlerRunsOnAThreadOfItsOwn() throws Exception {
        try (LineChild child = LineChild.start(Observer.class, JVM)) {
            for (String name : List.of("USR1", "USR2")) {
                String waiter = name.equals("USR1") ? "the main thread" : "a thread named 'receiver'";
                assertThat(child.await("INSTALLED " + name, Duration.ofSeconds(8), "awaitSignal's ready"))
                        .as("a handler of awaitSignal installed for %s when ready ran (waiter: %s)", name, waiter)
                        .isEqualTo("INSTALLED " + name + " true");
                child.await("READY " + name, LINE, "READY " + name);
                child.signal(name);
                String truth = child.await("TRUTH " + name, LINE, "the thread the handler ran on");
                String seen = child.await("SEEN " + name, LINE, "what awaitSignal returned");
                assertThat(truth).as("the thread the handler of %s really ran on (waiter: %s)", name, waiter)
                        .isNotEqualTo("TRUTH " + name + " none").contains("main=false").contains("waiter=false");
                assertThat(seen.substring(("SEEN " + name + " ").length()))
                        .as("SEEN: what awaitSignal returned for %s, against the thread its handler ran on (waiter: "
                                + "%s)", name, waiter)
                        .isEqualTo(truth.substring(("TRUTH " + name + " ").length()));
                assertThat(child.await("AFTER " + name, LINE, "the check of the handler put back"))
                        .as("AFTER: the handler %s had before awaitSignal is back when it returned", name)
                        .isEqualTo("AFTER " + name + " true");
            }
            assertThat(child.exitCode(LINE, "after its two rounds")).as("exit code of the child").isZero();
        }
    }

    /** Runs awaitSignal for USR2 (never sent to this JVM) on a thread of its own; bounded. */
    private static Thread waiterFor(Duration timeout, Runnable ready, AtomicReference<Object> outcome) {
        return Thread.ofPlatform().name("signal-waiter").daemon(true).start(() -> {
            try {
                outcome.set(HandlerThread.awaitSignal("USR2", Thread.currentThread(), ready, timeout));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
    }

    private static void finish(Thread waiter) throws InterruptedException {
        waiter.interrupt();
        waiter.join(2_000);
    }

    @Test
    @Points(2)
    @Hint(value = "The handler describes the thread it runs on, whichever that is, and the first arrival is the "
            + "one that counts. See the lesson's Q2.")
    void theHandlerDescribesTheThreadItRunsOnAndTheFirstArrivalCounts() throws Exception {
        Signal signal = new Signal("USR2");
        SignalHandler sentinel = s -> { };
        SignalHandler original = Signal.handle(signal, sentinel);
        try {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread main = Thread.ofPlatform().name("program").unstarted(() -> { });
            Thread[] callers = new Thread[2];
            // ready runs on the waiter before it waits: the two arrivals both come before it can read either.
            Thread waiter = Thread.ofPlatform().name("signal-waiter").daemon(true).start(() -> {
                try {
                    outcome.set(HandlerThread.awaitSignal("USR2", main, () -> {
                        SignalHandler h = Signal.handle(signal, sentinel);
                        Signal.handle(signal, h);
                        for (int i = 0; i < 2; i++) {
                            callers[i] = Thread.ofPlatform().name(i == 0 ? "first-dispatch" : "second-dispatch")
                                    .daemon(i == 0).start(() -> h.handle(signal));
                            Await.joined(Duration.ofSeconds(3), callers[i]);
                        }
                    }, Duration.ofSeconds(5)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.join(3_000);
            boolean ended = !waiter.isAlive();
            finish(waiter);
            assertThat(ended).as("awaitSignal returned once its handler had run").isTrue();
            assertThat(callers[1]).as("ready ran, and the handler it found was called twice").isNotNull();
            assertThat(outcome.get()).as("what awaitSignal returned when its handler ran on a thread named "
                    + "'first-dispatch' (a daemon), then on 'second-dispatch'")
                    .isEqualTo(Optional.of(new Seen("first-dispatch", callers[0].threadId(), false, true, false)));
        } finally {
            Signal.handle(signal, original);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Without a signal the wait ends when its timeout has passed, empty, and the handler the signal "
            + "had before is back. See the lesson's Q2.")
    void withoutASignalItReturnsEmptyAfterItsTimeout() throws Exception {
        Signal signal = new Signal("USR2");
        SignalHandler sentinel = s -> { };
        SignalHandler original = Signal.handle(signal, sentinel);
        try {
            AtomicInteger readies = new AtomicInteger();
            AtomicReference<Object> outcome = new AtomicReference<>();
            long start = System.nanoTime();
            Thread waiter = waiterFor(Duration.ofMillis(300), readies::incrementAndGet, outcome);
            waiter.join(3_000);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            boolean ended = !waiter.isAlive();
            finish(waiter);
            assertThat(ended).as("awaitSignal with a timeout of 300 ms and no signal returned within 3 s").isTrue();
            assertThat(outcome.get()).as("what awaitSignal returned without a signal").isEqualTo(Optional.empty());
            assertThat(tookMillis).as("ms awaitSignal took with a timeout of 300 ms").isGreaterThanOrEqualTo(300);
            assertThat(readies.get()).as("times ready ran").isOne();
            assertThat(Signal.handle(signal, sentinel)).as("the handler of USR2 after awaitSignal (the test's own "
                    + "was installed before)").isSameAs(sentinel);
        } finally {
            Signal.handle(signal, original);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "An interrupted wait is an InterruptedException for the caller, and the handler the signal had "
            + "before is back then too. See the lesson's Q2.")
    void anInterruptedWaiterThrowsAndTheHandlerIsPutBack() throws Exception {
        Signal signal = new Signal("USR2");
        SignalHandler sentinel = s -> { };
        SignalHandler original = Signal.handle(signal, sentinel);
        try {
            CountDownLatch ready = new CountDownLatch(1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread waiter = waiterFor(Duration.ofSeconds(20), ready::countDown, outcome);
            assertThat(ready.await(3, TimeUnit.SECONDS)).as("ready ran").isTrue();
            Await.untilBlocked(Duration.ofSeconds(3), waiter);
            waiter.interrupt();
            waiter.join(3_000);
            boolean ended = !waiter.isAlive();
            finish(waiter);
            assertThat(ended).as("awaitSignal ended within 3 s of its waiter's interrupt").isTrue();
            assertThat(outcome.get()).as("what awaitSignal did when its waiter was interrupted")
                    .isInstanceOf(InterruptedException.class);
            assertThat(Signal.handle(signal, sentinel)).as("the handler of USR2 after the interrupted awaitSignal "
                    + "(the test's own was installed before)").isSameAs(sentinel);
        } finally {
            Signal.handle(signal, original);
        }
    }
}
