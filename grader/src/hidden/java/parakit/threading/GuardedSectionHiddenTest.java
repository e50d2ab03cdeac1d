package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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

    /** An Error, not an Exception: a body may end with either, and the guard must be released all the same. */
    private static final class Fatal extends Error {
        private static final long serialVersionUID = 1L;

        Fatal() {
            super("an error thrown by the body");
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
            // B is a virtual thread: the guard must keep out a thread of any kind.
            b = Thread.ofVirtual().name("B").start(() -> variant.apply(g, () -> {
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
        releasesOnThrow(variant, new Marker());
    }

    /** The body throws {@code marker}; the same throwable reaches the caller, and another thread can enter afterwards. */
    private static void releasesOnThrow(BiFunction<GuardedSection, Supplier<Integer>, Integer> variant,
            RuntimeException marker) {
        releasesOnThrow(variant, () -> {
            throw marker;
        }, marker);
    }

    private static void releasesOnThrow(BiFunction<GuardedSection, Supplier<Integer>, Integer> variant,
            Supplier<Integer> throwing, Throwable marker) {
        GuardedSection g = new GuardedSection();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread thrower = Thread.ofPlatform().name("thrower").start(() -> {
            try {
                variant.apply(g, throwing);
            } catch (Throwable t) {
                caught.set(t);
            }
        });
        Await.joined(Duration.ofSeconds(3), thrower);
        assertThat(caught.get()).as("what the caller received when the body threw").isSameAs(marker);
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread next = Thread.ofPlatform().name("next").start(() -> result.set(variant.apply(g, () -> 7)));
        try {
            Await.joined(Duration.ofSeconds(3), next);
        } catch (AssertionError e) {
            throw new AssertionError("the next thread could not enter after the body threw: " + e.getMessage(), e);
        }
        assertThat(result.get()).as("result for the next thread after a body threw").isEqualTo(7);
    }

    @Test
    @Points(2)
    @Hint("withLock must keep a second thread out while the first is inside: a guard shared by all calls, held for "
            + "the whole body. See the lesson's Q9 (and Q6 on the same lock for every thread).")
    void withLockExcludesASecondThread() {
        excludes(GuardedSection::withLock);
    }

    @Test
    @Points(2)
    @Hint("withSynchronized must keep a second thread out: the object synchronized on must be the same for every "
            + "call and thread; an object made per call, or passed in by the caller, guards nothing. See the lesson's Q9.")
    void withSynchronizedExcludesASecondThread() {
        excludes(GuardedSection::withSynchronized);
    }

    @Test
    @Points(2)
    @Hint(value = "When the body throws, the very same exception must reach the caller, unchanged: see the lesson's "
            + "Q9.", when = "what the caller received")
    @Hint("When the body throws, withLock must still release the lock: an unlock that only the normal path reaches "
            + "leaves the next thread locked out for good. See the lesson's Q9 and Q6 on releasing on every path.")
    void withLockReleasesAndRethrowsWhenTheBodyThrows() {
        releasesOnException(GuardedSection::withLock);
    }

    @Test
    @Hint("When the body throws, withSynchronized must let the very same exception reach the caller (the JVM "
            + "releases the monitor by itself): see the lesson's Q9.")
    void withSynchronizedRethrowsWhenTheBodyThrows() {
        releasesOnException(GuardedSection::withSynchronized);
    }

    @Test
    @Points(2)
    @Hint(value = "However the body ends, by an Error too (not only a RuntimeException), withLock must release the "
            + "lock: the release must stand where every way out of the body passes. See the lesson's Q9 and Q6.",
            when = "could not enter")
    @Hint("Whatever the body throws, an Error included, must reach the caller unchanged: see the lesson's Q9.")
    void bothVariantsReleaseTheGuardWhenTheBodyThrowsAnError() {
        for (BiFunction<GuardedSection, Supplier<Integer>, Integer> variant : List.<BiFunction<GuardedSection,
                Supplier<Integer>, Integer>>of(GuardedSection::withLock, GuardedSection::withSynchronized)) {
            Fatal fatal = new Fatal();
            releasesOnThrow(variant, () -> {
                throw fatal;
            }, fatal);
        }
    }

    @Test
    @Points(2)
    @Hint("The two guards are independent (see the class's Javadoc): a thread inside withLock must not keep another "
            + "out of withSynchronized, nor the reverse. Each method takes its own guard only. See the lesson's Q9.")
    void theTwoGuardsAreIndependent() {
        GuardedSection g = new GuardedSection();
        for (boolean lockFirst : new boolean[] {true, false}) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Supplier<Integer> sitting = () -> {
                inside.countDown();
                awaitQuietly(release);
                return 1;
            };
            Thread a = Thread.ofPlatform().name("A").start(() -> {
                if (lockFirst) {
                    g.withLock(sitting);
                } else {
                    g.withSynchronized(sitting);
                }
            });
            AtomicReference<Integer> got = new AtomicReference<>();
            Thread b = null;
            try {
                assertThat(awaitQuietly(inside)).as("thread A entered %s", lockFirst ? "withLock" : "withSynchronized")
                        .isTrue();
                b = Thread.ofPlatform().name("B").start(() -> got.set(lockFirst ? g.withSynchronized(() -> 2)
                        : g.withLock(() -> 2)));
                try {
                    Await.joined(Duration.ofSeconds(3), b);
                } catch (AssertionError e) {
                    throw new AssertionError("thread B could not run " + (lockFirst ? "withSynchronized" : "withLock")
                            + " while A was inside " + (lockFirst ? "withLock" : "withSynchronized") + ": "
                            + e.getMessage(), e);
                }
            } finally {
                release.countDown();
            }
            Await.joined(Duration.ofSeconds(3), b == null ? new Thread[] {a} : new Thread[] {a, b});
            assertThat(got.get()).as("result of B's call").isEqualTo(2);
        }
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
