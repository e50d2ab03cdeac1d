package parakit.grader.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The explicit locks of a student's object, held by the test so that it can control an interleaving: while the
 * test holds them, the student's thread that needs them must queue, and the test decides when it goes on.
 *
 * <p>The locks are those {@link Guards#locksOf} finds (one finder for every test): by type among every field of the
 * object's class and its superclasses, static ones included, never by order of declaration or name; for a
 * {@code ReadWriteLock} its write lock, which excludes readers and writers alike. All are held at once, in the
 * order found, and released in reverse order by {@link #close()}.
 *
 * <p>Use it only with locks that the calling thread may take again while it holds them (every lock of the JDK
 * is reentrant): the test may then call the student's methods itself while it holds the locks, to change the
 * state at a moment of its choosing.
 *
 * <pre>{@code
 * try (HeldLocks held = HeldLocks.of(resource)) {
 *     Thread consumer = Thread.ofPlatform().start(...);
 *     held.untilQueued(Duration.ofSeconds(3), consumer);   // the consumer waits for the lock
 *     resource.publish(List.of("x"));                      // reentrant: runs before the consumer goes on
 * }                                                        // released: the consumer proceeds
 * }</pre>
 *
 * <p>Not thread-safe: one test thread acquires, queries and closes it.
 */
public final class HeldLocks implements AutoCloseable {

    private final List<Guards.LockGuard> held;

    private HeldLocks(List<Guards.LockGuard> held) {
        this.held = held;
    }

    /**
     * Finds every lock of {@code target} ({@link Guards#locksOf}) and takes each one.
     *
     * @throws AssertionError if the object has no lock (the message says that the lesson asks for one), if a
     *         field cannot be read, or if a lock cannot be taken within {@link Guards.LockGuard#TAKE_WITHIN}
     */
    public static HeldLocks of(Object target) {
        List<Guards.LockGuard> found = Guards.locksOf(target);
        if (found.isEmpty()) {
            throw new AssertionError(target.getClass().getSimpleName() + " has no field holding a Lock or a "
                    + "ReadWriteLock: the lesson's idiom keeps the lock that guards the shared state in a field");
        }
        List<Guards.LockGuard> taken = new ArrayList<>();
        for (Guards.LockGuard g : found) {
            boolean took;
            try {
                took = g.lock().tryLock(Guards.LockGuard.TAKE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                new HeldLocks(taken).close();
                throw new AssertionError("interrupted while taking " + g.describe(), e);
            }
            if (!took) {
                new HeldLocks(taken).close();
                throw new AssertionError("the test could not take " + g.describe() + " within "
                        + Guards.LockGuard.TAKE_WITHIN.toMillis() + " ms: another thread holds it, or one that ended "
                        + "never released it");
            }
            taken.add(g);
        }
        return new HeldLocks(taken);
    }

    /**
     * Waits until {@code thread} is queued to acquire one of the held locks ({@link Guards.LockGuard#queued}).
     *
     * @throws AssertionError if it is not within {@code within}; the message describes the thread, and says
     *         if it has ended without waiting for the lock
     */
    public void untilQueued(Duration within, Thread thread) {
        long deadline = System.nanoTime() + within.toNanos();
        while (held.stream().noneMatch(h -> h.queued(thread))) {
            if (System.nanoTime() - deadline > 0 || thread.getState() == Thread.State.TERMINATED) {
                throw new AssertionError("expected " + thread.getName() + " to wait for the lock that the test holds "
                        + "within " + within.toMillis() + " ms, but it did not:\n" + Await.describe(thread));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Whether {@code thread} is queued right now to acquire one of the held locks (see {@link #untilQueued}). */
    public boolean isQueued(Thread thread) {
        return held.stream().anyMatch(h -> h.queued(thread));
    }

    /** Releases every held lock, in the reverse order of taking them. */
    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).lock().unlock();
        }
    }
}
