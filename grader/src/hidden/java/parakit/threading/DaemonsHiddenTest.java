package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers.Caller;
import parakit.support.ChildJvm;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;

/**
 * Hidden tests for Q3. Whether a daemon keeps a JVM alive can only be seen from outside, so two tests start
 * a child JVM (same java, same class path) that runs {@link Child} and check whether it exits by itself.
 */
@Question(section = "threading", number = 3, title = "Daemon and non-daemon threads")
class DaemonsHiddenTest {

    /** Main of the child JVM: starts one thread of the kind named in args[0] that sleeps forever, then returns. */
    static final class Child {
        public static void main(String[] args) {
            Runnable sleepForever = () -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            if (args[0].equals("daemon")) {
                Daemons.startDaemon("sleeper", sleepForever);
            } else {
                Daemons.startNonDaemon("sleeper", sleepForever);
            }
            System.out.println("main returns");
        }
    }

    /** A child JVM running {@link Child} with {@code kind}; its output (stdout and stderr) goes to {@code output}. */
    private static Process child(String kind, Path output) throws IOException {
        // Same JDK and the same classes as this JVM, whose tests and classes under test are not on a class path.
        return ChildJvm.start(new ProcessBuilder().redirectErrorStream(true).redirectOutput(output.toFile()),
                Child.class, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), kind);
    }

    /**
     * Rethrows, on the test thread, a skeleton stub's exception that the child JVM's main died of, so that the
     * grader reports "not implemented yet" rather than a failed check of the JVM's lifetime.
     */
    private static void rethrowStubOf(Path output) throws IOException {
        Matcher stub = Pattern.compile("UnsupportedOperationException: (TODO [\\w.]+)").matcher(Files.readString(output));
        if (stub.find()) {
            throw new UnsupportedOperationException(stub.group(1));
        }
    }

    @Test
    @Points(2)
    @Hint("A JVM whose main thread has returned exits once only daemon threads are left: the thread startDaemon "
            + "starts must be a daemon from its start. See the lesson's Q3, 'The Java idiom'.")
    void aDaemonDoesNotKeepTheJvmAlive() throws Exception {
        Path output = Files.createTempFile("daemons-child", ".log");
        Process p = child("daemon", output);
        try {
            boolean exited = p.waitFor(8, TimeUnit.SECONDS);
            rethrowStubOf(output);
            assertThat(exited).as("the child JVM exited although its only other thread sleeps forever").isTrue();
            assertThat(p.exitValue()).as("exit code of the child JVM (not 0: startDaemon threw in its main)").isZero();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    @Test
    @Hint("A non-daemon thread keeps the JVM alive until it ends: the thread startNonDaemon starts must not be a "
            + "daemon. See the lesson's Q3, 'The Java idiom'.")
    void aNonDaemonKeepsTheJvmAlive() throws Exception {
        // Baseline: how long a child JVM takes to exit when it has nothing left to run (the daemon case).
        Path output = Files.createTempFile("daemons-child", ".log");
        try {
            long start = System.nanoTime();
            Process quick = child("daemon", output);
            boolean quickExited;
            try {
                quickExited = quick.waitFor(5, TimeUnit.SECONDS);
            } finally {
                quick.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long baselineMillis = (System.nanoTime() - start) / 1_000_000;
            rethrowStubOf(output);
            assertThat(quickExited).as("baseline child with only a daemon exited").isTrue();
            Process p = child("non-daemon", output);
            try {
                // Alive well past the time a JVM needs to exit (three times the baseline, at least 2 s).
                boolean exited = p.waitFor(Math.max(2_000, 3 * baselineMillis), TimeUnit.MILLISECONDS);
                rethrowStubOf(output);
                assertThat(exited).as("the child JVM exited while a non-daemon thread was still sleeping").isFalse();
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Test
    @Hint(on = Hint.Failure.EXCEPTION, value = "Starting the thread threw: see the lesson's Q3, 'The Java idiom', on "
            + "when the daemon flag may be set (setDaemon after start() throws IllegalThreadStateException).")
    @Hint(when = "platform", value = "The question asks for platform threads: see the lesson's Q3 and Q1 on the two "
            + "kinds of thread.")
    @Hint("startDaemon must return a started daemon platform thread, named as asked, and startNonDaemon a non-daemon "
            + "one; see the lesson's Q3 on when the daemon flag may be set (setDaemon after start() throws "
            + "IllegalThreadStateException).")
    void daemonFlagAndNameAreSetBeforeStart() {
        AtomicBoolean sawDaemon = new AtomicBoolean();
        Thread d = Daemons.startDaemon("watcher", () -> sawDaemon.set(Thread.currentThread().isDaemon()));
        Thread n = Daemons.startNonDaemon("keeper", () -> { });
        Await.joined(Duration.ofSeconds(5), d, n);
        assertThat(sawDaemon).as("the daemon thread saw itself as a daemon while running").isTrue();
        assertThat(d.isVirtual()).as("startDaemon's thread is a virtual thread, not a platform thread").isFalse();
        assertThat(n.isVirtual()).as("startNonDaemon's thread is a virtual thread, not a platform thread").isFalse();
        assertThat(d.getName()).isEqualTo("watcher");
        assertThat(n.isDaemon()).as("startNonDaemon's thread is a daemon").isFalse();
        assertThat(n.getName()).isEqualTo("keeper");
    }

    @Test
    @Points(2)
    @Hint("joinAtMost must wait with a time limit: a plain join() waits until the thread ends, however long that "
            + "takes, and no wait at all returns at once. See the lesson's Q3 on join with a timeout.")
    void joinAtMostReturnsAfterAboutTheTimeoutWhileTheThreadLives() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Daemons.startDaemon("long-runner", () -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong elapsed = new AtomicLong(-1);
        AtomicBoolean result = new AtomicBoolean(true);
        Thread caller = Thread.ofPlatform().name("caller").start(() -> {
            long begin = System.nanoTime();
            try {
                result.set(Daemons.joinAtMost(t, Duration.ofMillis(500)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            elapsed.set((System.nanoTime() - begin) / 1_000_000);
        });
        try {
            Await.joined(Duration.ofSeconds(6), caller);
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), t);
        }
        // 500 ms asked: at least ~the timeout, and far less than "until the thread ends" (20 s).
        assertThat(elapsed.get()).as("milliseconds joinAtMost(500 ms) waited").isBetween(400L, 5_000L);
        assertThat(result.get()).as("joinAtMost's answer for a thread that is still alive").isFalse();
    }

    @Test
    @Hint("joinAtMost must say whether the thread ended: true once it has, false while it lives. See the lesson's "
            + "Q3, 'Differences from Python'.")
    void joinAtMostReportsAnEndedThread() throws InterruptedException {
        Thread t = Daemons.startNonDaemon("short", () -> { });
        long begin = System.nanoTime();
        assertThat(Daemons.joinAtMost(t, Duration.ofSeconds(5))).as("joinAtMost for a thread that ends at once").isTrue();
        assertThat((System.nanoTime() - begin) / 1_000_000).as("ms waited for a thread that ends at once").isLessThan(4_000);
    }

    @Test
    @Points(2)
    @Hint("A new thread takes its daemon flag from the thread that creates it unless the code sets it: called from a "
            + "daemon (or a virtual) thread, a thread whose flag was left alone is a daemon too. See the lesson's Q3, "
            + "'The Java idiom'.")
    void theFlagsDoNotDependOnTheCaller() {
        for (Caller caller : List.of(Caller.DAEMON, Caller.VIRTUAL, Caller.PLATFORM)) {
            AtomicBoolean daemonSaw = new AtomicBoolean();
            AtomicBoolean nonDaemonSaw = new AtomicBoolean(true);
            Thread[] started = caller.call(Duration.ofSeconds(5), () -> new Thread[] {
                    Daemons.startDaemon("d-from-" + caller.name(), () -> daemonSaw.set(Thread.currentThread().isDaemon())),
                    Daemons.startNonDaemon("n-from-" + caller.name(), () -> nonDaemonSaw.set(Thread.currentThread().isDaemon()))});
            Await.joined(Duration.ofSeconds(5), started);
            assertThat(daemonSaw).as("startDaemon called from a %s: its thread is a daemon", caller.describe()).isTrue();
            assertThat(nonDaemonSaw).as("startNonDaemon called from a %s: its thread is a daemon", caller.describe())
                    .isFalse();
        }
    }

    @Test
    @Hint("A timeout of zero, or shorter than a millisecond, leaves no time to wait: joinAtMost then only reports "
            + "whether the thread has ended. See the lesson's Q3 on join with a timeout (and what a timeout of 0 means "
            + "to the join you call).")
    void joinAtMostWithNoTimeLeftDoesNotWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Daemons.startDaemon("long-runner", () -> awaitQuietly(release, 20));
        List<Thread> callers = new ArrayList<>();
        try {
            for (Duration timeout : List.of(Duration.ZERO, Duration.ofNanos(500_000), Duration.ofMillis(-5))) {
                AtomicReference<Object> outcome = new AtomicReference<>();
                Thread caller = Thread.ofPlatform().name("caller").start(() -> {
                    try {
                        outcome.set(Daemons.joinAtMost(t, timeout));
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                });
                callers.add(caller);
                assertThat(caller.join(Duration.ofSeconds(2))).as("whether joinAtMost(%s) on a live thread returned within 2 s",
                        timeout).isTrue();
                assertThat(outcome.get()).as("joinAtMost(%s) on a live thread", timeout).isEqualTo(false);
            }
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), t);
            Await.joined(Duration.ofSeconds(5), callers.toArray(Thread[]::new));
        }
    }

    @Test
    @Hint(when = "returned normally", value = "An interrupt while joinAtMost waits must end it with "
            + "InterruptedException, as its Javadoc says: an interrupt that is caught and ignored makes it wait on. "
            + "See the lesson's Q3.")
    @Hint("An interrupted joinAtMost must end with InterruptedException: see its Javadoc.")
    void anInterruptedJoinAtMostThrowsInterruptedException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Daemons.startDaemon("long-runner", () -> awaitQuietly(release, 20));
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicLong millis = new AtomicLong();
        Thread caller = Thread.ofPlatform().name("caller").start(() -> {
            long begin = System.nanoTime();
            try {
                outcome.set(Daemons.joinAtMost(t, Duration.ofSeconds(3)));
            } catch (Throwable e) {
                outcome.set(e);
            }
            millis.set((System.nanoTime() - begin) / 1_000_000);
        });
        try {
            Await.untilBlocked(Duration.ofSeconds(3), caller);
            caller.interrupt();
            Await.joined(Duration.ofSeconds(5), caller);
        } finally {
            release.countDown();
            Await.joined(Duration.ofSeconds(5), t, caller);
        }
        assertThat(outcome.get()).as("joinAtMost(3 s) interrupted while it waited returned normally (%s after %d ms)",
                outcome.get(), millis.get()).isInstanceOf(InterruptedException.class);
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
