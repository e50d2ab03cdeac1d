package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Guards;
import parakit.grader.api.Guards.LockGuard;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.support.Hint;

/**
 * Hidden tests for Q6. The lock is found by the contract only: an explicit {@link Lock} (or a ReadWriteLock's
 * write lock) in any field of the Counter, static or not, whatever its name and order, and "the counter's lock"
 * is the one {@code increment()} is seen to wait for while the test holds it. Each mistake is provoked by a
 * controlled interleaving (the test holds that lock and checks what the student's thread does), so it costs the
 * same points on every run; the stress part runs under {@code -Xint} behind a start gate, where a racy
 * read-add-write loses updates every time (measured: 20 of 20).
 */
@Question(section = "threading", number = 6, title = "A counter that loses no increment", jvmArgs = "-Xint")
@Requires(type = Lock.class, method = "lock", in = "Counter.increment",
        why = "Counter.increment must take an explicit java.util.concurrent.locks.Lock (lock()), not synchronized or an atomic")
@Requires(type = Lock.class, method = "unlock", in = "Counter.increment",
        why = "Counter.increment must release its Lock with unlock(), in a finally block")
class CounterHiddenTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 20_000;
    private static final Duration WITHIN = Duration.ofSeconds(3);

    @Test
    @Points(3)
    @Hint(when = "no field", value = "Every thread must lock the same Lock object, so the lock must live as long as "
            + "the counter: see the lesson's Q6, 'The Java idiom', on which object the lock must be.")
    @Hint(when = "did not wait", value = "increment() went ahead while another thread held the Counter's lock: "
            + "each call locked a lock of its own, which excludes nobody. See the lesson's Q6 on the lock being the "
            + "same object for every thread.")
    @Hint(when = "increments", value = "Increments were lost: value = value + 1 is a read, an add and a write, and "
            + "all three must happen while holding the lock. See the lesson's Q6, 'Why it goes wrong'.")
    void noIncrementIsLostUnderContention() throws Exception {
        Counter counter = new Counter(0);
        List<LockGuard> locks = Guards.locksOf(counter);
        assertThat(locks).as("no field of the Counter holds a java.util.concurrent.locks.Lock").isNotEmpty();
        // Controlled interleaving: while the test holds every lock of the Counter, two increments must wait.
        Thread[] early = new Thread[2];
        boolean[] waited = new boolean[2];
        Guards.holdingAll(locks, () -> {
            for (int i = 0; i < early.length; i++) {
                early[i] = Thread.ofPlatform().name("early-incrementer-" + i).start(counter::increment);
                waited[i] = Guards.queuedOrEnded(locks, early[i], WITHIN);
            }
        });
        Await.joined(WITHIN, early);
        assertThat(waited).as("increment() did not wait while another thread held the Counter's lock "
                + "(did each of two incrementers wait for it?)").containsOnly(true);

        CyclicBarrier gate = new CyclicBarrier(THREADS);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = Thread.ofPlatform().name("incrementer-" + t).start(() -> {
                awaitQuietly(gate);
                for (int i = 0; i < PER_THREAD; i++) {
                    counter.increment();
                }
            });
        }
        Await.joined(Duration.ofSeconds(8), threads);
        assertThat(counter.value())
                .as("value after 2 + %d threads x %d increments", THREADS, PER_THREAD)
                .isEqualTo(2 + (long) THREADS * PER_THREAD);
    }

    @Test
    @Hint(when = "no field", value = "Every thread must lock the same Lock object, so the lock must live as long as "
            + "the counter: see the lesson's Q6, 'The Java idiom', on which object the lock must be.")
    @Hint(when = "did not wait", value = "increment() went ahead while another thread held the Counter's lock, so "
            + "there is no shared lock for value() to read under: see the lesson's Q6 on the lock being the same object.")
    @Hint(when = "value()", value = "value() must read the count under the same lock that increment() holds; a read "
            + "without it (or under another lock) may see a stale or half-written long. See the lesson's Q6 on "
            + "reads and happens-before.")
    void valueWaitsForTheLockThatIncrementHolds() throws Exception {
        Counter counter = new Counter(41);
        List<LockGuard> locks = Guards.locksOf(counter);
        assertThat(locks).as("no field of the Counter holds a java.util.concurrent.locks.Lock").isNotEmpty();
        LockGuard lock = Guards.guardOf(locks, counter::increment, WITHIN).orElseThrow(() -> new AssertionError(
                "increment() did not wait while the test held any lock of the Counter (tried "
                        + locks.stream().map(LockGuard::describe).toList() + ")"));
        long[] seen = {Long.MIN_VALUE};
        Thread[] reader = new Thread[1];
        boolean[] waited = new boolean[1];
        lock.holdWhile(() -> {
            reader[0] = Thread.ofPlatform().name("reader").start(() -> seen[0] = counter.value());
            waited[0] = Guards.queuedOrEnded(List.of(lock), reader[0], WITHIN);
        });
        Await.joined(WITHIN, reader[0]);
        assertThat(waited[0]).as("value() returned while another thread held the lock that increment() takes")
                .isTrue();
        assertThat(seen[0]).as("value() once the lock was free, after one increment from 41").isEqualTo(42);
    }

    @Test
    @Hint("After an increment the lock must be free again, whatever path increment() takes: see the lesson's Q6 "
            + "on where the unlock() belongs.")
    void lockIsReleasedAfterEachIncrement() {
        Counter counter = new Counter(0);
        counter.increment();
        Thread other = Thread.ofPlatform().name("second-thread").start(counter::increment);
        Await.joined(WITHIN, other);
        Thread third = Thread.ofPlatform().name("third-thread").start(counter::value);
        Await.joined(WITHIN, third);
        assertThat(counter.value()).as("value after two increments from 0 on two threads").isEqualTo(2);
    }

    private static void awaitQuietly(CyclicBarrier gate) {
        try {
            gate.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
