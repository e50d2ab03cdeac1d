package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;

@Question(section = "threading", number = 9, title = "Explicit lock or synchronized block")
@Requires(type = Lock.class, method = "lock", in = "GuardedSection.withLock",
        why = "withLock must take an explicit Lock with lock()")
@Requires(type = Lock.class, method = "unlock", in = "GuardedSection.withLock",
        why = "withLock must release its Lock with unlock() in a finally block")
@Forbids(type = Lock.class, method = "*", in = "GuardedSection.withSynchronized",
        why = "withSynchronized must use a synchronized block, not a Lock")
class GuardedSectionHiddenTest {

    private static final class Marker extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Marker() {
            super("thrown by the body");
        }
    }

    /** Thread A sits inside the section; thread B must wait outside until A leaves. */
    private static void excludes(BiFunction<GuardedSection, Supplier<Integer>, Integer> variant) {
        GuardedSection g = new GuardedSection();
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean bInside = new AtomicBoolean();
        Thread a = Thread.ofPlatform().name("A").start(() -> variant.apply(g, () -> {
            aInside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }));
        Thread b;
        try {
            assertThat(awaitQuietly(aInside)).as("thread A entered the section").isTrue();
            b = Thread.ofPlatform().name("B").start(() -> variant.apply(g, () -> {
                bInside.set(true);
                return 2;
            }));
            Await.untilBlocked(Duration.ofSeconds(3), b);
            assertThat(bInside).as("thread B got inside while thread A was still there").isFalse();
        } finally {
            release.countDown();
        }
        Await.joined(Duration.ofSeconds(3), a, b);
        assertThat(bInside).as("thread B entered once A had left").isTrue();
    }

    /** The body throws; the same exception reaches the caller, and another thread can enter afterwards. */
    private static void releasesOnException(BiFunction<GuardedSection, Supplier<Integer>, Integer> variant) {
        GuardedSection g = new GuardedSection();
        Marker marker = new Marker();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread thrower = Thread.ofPlatform().name("thrower").start(() -> {
            try {
                variant.apply(g, () -> {
                    throw marker;
                });
            } catch (Throwable t) {
                caught.set(t);
            }
        });
        Await.joined(Duration.ofSeconds(3), thrower);
        assertThat(caught.get()).as("what the caller received when the body threw").isSameAs(marker);
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread next = Thread.ofPlatform().name("next").start(() -> result.set(variant.apply(g, () -> 7)));
        Await.joined(Duration.ofSeconds(3), next);
        assertThat(result.get()).as("result for the next thread after a body threw").isEqualTo(7);
    }

    @Test
    @Points(2)
    @Hint("withLock must keep a second thread out while the first is inside: one Lock field shared by all calls, "
            + "held for the whole body.")
    void withLockExcludesASecondThread() {
        excludes(GuardedSection::withLock);
    }

    @Test
    @Points(2)
    @Hint("withSynchronized must keep a second thread out: synchronize on one object shared by all calls (a "
            + "field), not on a new Object() per call.")
    void withSynchronizedExcludesASecondThread() {
        excludes(GuardedSection::withSynchronized);
    }

    @Test
    @Points(2)
    @Hint("When the body throws, withLock must still unlock (in finally) and let the same exception reach the "
            + "caller: do not catch it, and do not unlock only on the normal path.")
    void withLockReleasesAndRethrowsWhenTheBodyThrows() {
        releasesOnException(GuardedSection::withLock);
    }

    @Test
    @Hint("When the body throws, withSynchronized must let the same exception reach the caller (the JVM releases "
            + "the monitor by itself): do not catch it.")
    void withSynchronizedRethrowsWhenTheBodyThrows() {
        releasesOnException(GuardedSection::withSynchronized);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
