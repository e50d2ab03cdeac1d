package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

/**
 * Hidden tests for Q6. Run under {@code -Xint}: with the JIT, a racy {@code value++} loses updates in
 * only a fraction of runs on two cores; interpreted, it loses them every time (measured: 20 of 20).
 */
@Question(section = "threading", number = 6, title = "A counter that loses no increment", jvmArgs = "-Xint")
@Requires(type = Lock.class, method = "lock", in = "Counter.increment",
        why = "Counter.increment must take an explicit java.util.concurrent.locks.Lock (lock()), not synchronized or an atomic")
@Requires(type = Lock.class, method = "unlock", in = "Counter.increment",
        why = "Counter.increment must release its Lock with unlock(), in a finally block")
class CounterHiddenTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 20_000;

    @Test
    @Points(3)
    @Hint("Increments were lost: value = value + 1 is a read, an add and a write. Hold the lock around all "
            + "three, and let every thread use the same Lock object (a field of the Counter, not a local variable).")
    void noIncrementIsLostUnderContention() throws Exception {
        Counter counter = new Counter(0);
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
                .as("value after %d threads x %d increments", THREADS, PER_THREAD)
                .isEqualTo((long) THREADS * PER_THREAD);
    }

    @Test
    @Hint("value() must read the count while holding the same Lock that increment() takes; without it, a "
            + "reader may see a value that an increment has not finished writing (a long is not even read atomically "
            + "by every JVM).")
    void valueWaitsForTheLockThatIncrementHolds() throws Exception {
        Counter counter = new Counter(41);
        Lock lock = lockOf(counter);
        long[] seen = {Long.MIN_VALUE};
        lock.lock();
        Thread reader;
        try {
            reader = Thread.ofPlatform().name("reader").start(() -> seen[0] = counter.value());
            // While the test thread holds the lock, a correct value() must wait for it.
            Await.untilBlocked(Duration.ofSeconds(3), reader);
        } finally {
            lock.unlock();
        }
        Await.joined(Duration.ofSeconds(3), reader);
        assertThat(seen[0]).as("value() once the lock was free").isEqualTo(41);
    }

    @Test
    @Hint("After an increment the lock must be free again: unlock() in a finally block, once per lock(), on every path.")
    void lockIsReleasedAfterEachIncrement() {
        Counter counter = new Counter(0);
        counter.increment();
        Thread other = Thread.ofPlatform().name("second-thread").start(counter::increment);
        Await.joined(Duration.ofSeconds(3), other);
        assertThat(counter.value()).isEqualTo(2);
    }

    /** The Counter's lock field, found by type: the test needs to hold the very lock the student declared. */
    private static Lock lockOf(Counter counter) throws IllegalAccessException {
        for (Field f : Counter.class.getDeclaredFields()) {
            if (Lock.class.isAssignableFrom(f.getType()) && !Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                return (Lock) f.get(counter);
            }
        }
        throw new AssertionError("Counter has no field of type java.util.concurrent.locks.Lock: declare the lock "
                + "as a field, so that every call of every thread uses the same one");
    }

    private static void awaitQuietly(CyclicBarrier gate) {
        try {
            gate.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
