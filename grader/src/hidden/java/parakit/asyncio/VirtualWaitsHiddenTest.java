package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;

/**
 * Hidden tests for Q7. The waits are sleeps of tens of milliseconds, so the checks are ratios against one wait or a
 * number of rounds of it, which hold on a loaded machine because sleeping is not computing.
 */
@Question(section = "asyncio", number = 7, title = "Virtual threads: blocking code that scales like callbacks",
        timeoutSeconds = 20)
@Requires(type = Executors.class, method = "newFixedThreadPool", in = "VirtualWaits.onPlatformPool",
        why = "the comparison needs a fixed pool of `threads` platform threads")
@Forbids(type = CompletableFuture.class, method = "*", in = "VirtualWaits",
        why = "this question is about plain blocking code on virtual threads, without futures or callbacks")
class VirtualWaitsHiddenTest {

    private static final long WAIT = 50;
    private static final int PATIENCE = 30;

    /**
     * A blocking wait that records where and how many run at once. So that a wrong solution that runs the calls one
     * at a time fails in seconds rather than at the time limit, the calls stop sleeping once more than
     * {@link #PATIENCE} calls have been made and never more than two ran at once (the checks then fail on those
     * figures).
     */
    static final class Recorder implements Runnable {
        final long millis;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger platform = new AtomicInteger();
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicBoolean onCaller = new AtomicBoolean();
        volatile Thread caller;

        Recorder(long millis) {
            this.millis = millis;
        }

        @Override
        public void run() {
            Thread me = Thread.currentThread();
            calls.incrementAndGet();
            threads.add(me);
            if (!me.isVirtual()) {
                platform.incrementAndGet();
            }
            if (me == caller) {
                onCaller.set(true);
            }
            int most = this.most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                if (calls.get() > PATIENCE && most <= 2) {
                    return; // one at a time: enough is known
                }
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
            }
        }
    }

    @Test
    @Points(3)
    @Hint(value = "Every call must run on a virtual thread of its own, all started before any is waited for: a pool "
            + "of platform threads, or a fixed number of reused threads, runs only as many waits at once as it has "
            + "threads. See the lesson's VirtualWaits section.", when = "calls")
    @Hint(value = "Ten thousand waits on virtual threads overlap and end after about one wait: starting each thread "
            + "only when the previous one has ended (join right after start) adds the waits up. See the lesson's "
            + "VirtualWaits section.", when = "waits of")
    void tenThousandWaitsOnVirtualThreadsTakeAboutOneWait() {
        int tasks = 10_000;
        VirtualWaits.onVirtualThreads(200, new Recorder(1)); // warm up: class loading, the scheduler's carriers
        Recorder r = new Recorder(WAIT);
        r.caller = Thread.currentThread();
        long begin = System.nanoTime();
        VirtualWaits.onVirtualThreads(tasks, r);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(r.calls.get()).as("calls of the wait made by onVirtualThreads(%d, wait)", tasks).isEqualTo(tasks);
        assertThat(r.platform.get()).as("calls that ran on a platform thread instead of a virtual one").isZero();
        assertThat(r.onCaller.get()).as("whether a call ran on the calling thread").isFalse();
        assertThat(r.threads).as("distinct threads that ran the %d calls (one per call)", tasks).hasSize(tasks);
        assertThat(r.most.get()).as("calls waiting at the same time (at least a tenth of the %d)", tasks)
                .isGreaterThanOrEqualTo(tasks / 10);
        assertThat(millis).as("ms for %d waits of %d ms on virtual threads: under 20 waits (%d ms); one after "
                + "another they would take %d s", tasks, WAIT, 20 * WAIT, tasks * WAIT / 1000).isLessThan(20 * WAIT);
        assertThat(millis).as("ms for %d waits of %d ms: at least one wait", tasks, WAIT)
                .isGreaterThanOrEqualTo(WAIT - 2);
    }

    @Test
    @Points(3)
    @Hint(value = "The pool must have exactly `threads` platform threads: that many waits at once, never more, so the "
            + "calls take rounds. See the lesson's VirtualWaits section.", when = "at the same time")
    @Hint(value = "The pool's calls run on its platform threads, not on virtual ones and not on the caller's. See "
            + "the lesson's VirtualWaits section.", when = "thread")
    @Hint(value = "With `threads` threads, the waits take ceil(tasks / threads) rounds of one wait. See the lesson's "
            + "VirtualWaits section.", when = "rounds")
    @Hint(value = "The pool must be shut down before onPlatformPool returns: its threads are not daemons, and an idle "
            + "pool keeps them alive. See the lesson's VirtualWaits section.", when = "still alive")
    void aFixedPoolOfPlatformThreadsTakesRounds() {
        int threads = 4;
        int tasks = 40;
        Recorder r = new Recorder(WAIT / 2);
        r.caller = Thread.currentThread();
        long begin = System.nanoTime();
        VirtualWaits.onPlatformPool(threads, tasks, r);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        long rounds = tasks / threads;
        assertThat(r.calls.get()).as("calls made by onPlatformPool(%d, %d, wait)", threads, tasks).isEqualTo(tasks);
        assertThat(r.platform.get()).as("calls that ran on a platform thread").isEqualTo(tasks);
        assertThat(r.onCaller.get()).as("whether a call ran on the calling thread").isFalse();
        assertThat(r.most.get()).as("calls waiting at the same time on %d threads", threads).isEqualTo(threads);
        assertThat(millis).as("ms for %d waits of %d ms on %d threads: at least 0.9 of %d rounds (%d ms)", tasks,
                WAIT / 2, threads, rounds, rounds * WAIT / 2).isGreaterThanOrEqualTo(rounds * WAIT / 2 * 9 / 10);
        try {
            Await.joined(Duration.ofSeconds(1), r.threads.toArray(Thread[]::new));
        } catch (AssertionError e) {
            throw new AssertionError("the pool's threads were still alive 1 s after onPlatformPool returned: "
                    + e.getMessage(), e);
        }
        assertThatThrownBy(() -> VirtualWaits.onPlatformPool(0, 3, r)).as("onPlatformPool with 0 threads")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(2)
    @Hint("An interrupt of the caller while the calls wait must reach the calls still running (they are interrupted), "
            + "and the method returns once they have ended, with the caller's interrupt status set. See the lesson's "
            + "VirtualWaits section on waiting for the calls.")
    void anInterruptedCallerInterruptsTheWaitsAndReturns() {
        for (boolean virtual : new boolean[] {true, false}) {
            int tasks = virtual ? 100 : 3;
            CountDownLatch never = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(tasks);
            AtomicInteger interrupted = new AtomicInteger();
            Runnable blocked = () -> {
                started.countDown();
                try {
                    never.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            };
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            String what = virtual ? "onVirtualThreads(100, wait)" : "onPlatformPool(3, 3, wait)";
            Thread caller = Thread.ofPlatform().name("waits-caller").start(() -> {
                if (virtual) {
                    VirtualWaits.onVirtualThreads(tasks, blocked);
                } else {
                    VirtualWaits.onPlatformPool(tasks, tasks, blocked);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            });
            try {
                try {
                    assertThat(started.await(3, TimeUnit.SECONDS)).as("whether all calls of %s started", what).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                Await.untilBlocked(Duration.ofSeconds(2), caller);
                caller.interrupt();
                try {
                    Await.joined(Duration.ofSeconds(2), caller);
                } catch (AssertionError e) {
                    throw new AssertionError(what + " did not return within 2 s after its caller was interrupted: "
                            + e.getMessage(), e);
                }
            } finally {
                never.countDown();
                Await.joined(Duration.ofSeconds(5), caller);
            }
            assertThat(interrupted.get()).as("calls of %s that were interrupted", what).isEqualTo(tasks);
            assertThat(flagAfter.get()).as("the caller's interrupt status after %s returned", what).isTrue();
        }
    }

    @Test
    @Hint("Both methods work from any calling thread (a daemon, a virtual thread, a renamed one), and with no calls "
            + "at all. See the lesson's VirtualWaits section.")
    void worksFromEveryKindOfCallerAndWithNoCalls() {
        for (Caller caller : Callers.all()) {
            Recorder r = new Recorder(5);
            caller.run(Duration.ofSeconds(5), () -> {
                VirtualWaits.onVirtualThreads(50, r);
                VirtualWaits.onPlatformPool(2, 4, r);
                VirtualWaits.onVirtualThreads(0, r);
                VirtualWaits.onPlatformPool(2, 0, r);
            });
            assertThat(r.calls.get()).as("calls made from a %s (50 virtual, 4 on the pool, then none)",
                    caller.describe()).isEqualTo(54);
            assertThat(r.platform.get()).as("calls on platform threads from a %s", caller.describe()).isEqualTo(4);
        }
    }
}
