package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
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

    private static Process child(String kind) throws IOException {
        return ChildJvm.start(new ProcessBuilder().redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD),
                Child.class, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), kind);
    }

    @Test
    @Points(2)
    @Hint("A JVM whose main thread has returned exits once only daemon threads are left. Mark the thread as a "
            + "daemon (Thread.ofPlatform().daemon(true), or setDaemon(true)) before starting it.")
    void aDaemonDoesNotKeepTheJvmAlive() throws Exception {
        Process p = child("daemon");
        try {
            assertThat(p.waitFor(8, TimeUnit.SECONDS))
                    .as("the child JVM exited although its only other thread sleeps forever").isTrue();
            assertThat(p.exitValue()).as("exit code of the child JVM (not 0: startDaemon threw in its main)").isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    @Hint("A non-daemon thread keeps the JVM alive until it ends: startNonDaemon must not mark it as a daemon.")
    void aNonDaemonKeepsTheJvmAlive() throws Exception {
        // Baseline: how long a child JVM takes to exit when it has nothing left to run (the daemon case).
        long start = System.nanoTime();
        Process quick = child("daemon");
        boolean quickExited;
        try {
            quickExited = quick.waitFor(8, TimeUnit.SECONDS);
        } finally {
            quick.destroyForcibly();
        }
        long baselineMillis = (System.nanoTime() - start) / 1_000_000;
        Process p = child("non-daemon");
        try {
            // Alive well past the time a JVM needs to exit (three times the baseline, at least 2 s).
            boolean exited = p.waitFor(Math.max(2_000, 3 * baselineMillis), TimeUnit.MILLISECONDS);
            assertThat(exited).as("the child JVM exited while a non-daemon thread was still sleeping").isFalse();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(quickExited).as("baseline child with only a daemon exited").isTrue();
    }

    @Test
    @Hint("startDaemon must return a started daemon thread, named as asked; setDaemon(true) after start() throws "
            + "IllegalThreadStateException, so set the flag first.")
    void daemonFlagAndNameAreSetBeforeStart() {
        AtomicBoolean sawDaemon = new AtomicBoolean();
        Thread d = Daemons.startDaemon("watcher", () -> sawDaemon.set(Thread.currentThread().isDaemon()));
        Thread n = Daemons.startNonDaemon("keeper", () -> { });
        Await.joined(Duration.ofSeconds(5), d, n);
        assertThat(sawDaemon).as("the daemon thread saw itself as a daemon while running").isTrue();
        assertThat(d.getName()).isEqualTo("watcher");
        assertThat(n.isDaemon()).as("startNonDaemon's thread is a daemon").isFalse();
        assertThat(n.getName()).isEqualTo("keeper");
    }

    @Test
    @Points(2)
    @Hint("joinAtMost must wait with a time limit: join(Duration) or join(millis). A plain join() waits until "
            + "the thread ends, however long that takes; no join at all does not wait.")
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
    @Hint("joinAtMost must say whether the thread ended: true once it has, false while it lives (join(Duration) "
            + "returns exactly that).")
    void joinAtMostReportsAnEndedThread() throws InterruptedException {
        Thread t = Daemons.startNonDaemon("short", () -> { });
        long begin = System.nanoTime();
        assertThat(Daemons.joinAtMost(t, Duration.ofSeconds(5))).as("joinAtMost for a thread that ends at once").isTrue();
        assertThat((System.nanoTime() - begin) / 1_000_000).as("ms waited for a thread that ends at once").isLessThan(4_000);
    }
}
