package parakit.grader.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The explicit locks of a student's object, held by the test so that it can control an interleaving: while the
 * test holds them, the student's thread that needs them must queue, and the test decides when it goes on.
 *
 * <p>The locks are found by the contract, never by the order of declaration: every field of the object's class
 * (and its superclasses) whose type is a {@link Lock} or a {@link ReadWriteLock}, <em>static ones included</em>.
 * For a {@code ReadWriteLock} the write lock is held, which excludes readers and writers alike. All found locks
 * are held at once, in declaration order, and released in reverse order by {@link #close()}.
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

    /** A held lock and, when it is the write lock of a {@link ReentrantReadWriteLock}, that owner (for its queue). */
    private record Held(Lock lock, ReentrantReadWriteLock owner) {
        boolean queued(Thread t) {
            if (lock instanceof ReentrantLock r) {
                return r.hasQueuedThread(t);
            }
            if (owner != null) {
                return owner.hasQueuedThread(t);
            }
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
        }
    }

    private final List<Held> held;

    private HeldLocks(List<Held> held) {
        this.held = held;
    }

    /**
     * Finds every lock field of {@code target} (static fields of its class included) and takes each one.
     *
     * @throws AssertionError if the object has no field of type {@link Lock} or {@link ReadWriteLock}
     *         (the message says that the lesson asks for one), or if a field cannot be read
     */
    public static HeldLocks of(Object target) {
        List<Held> found = new ArrayList<>();
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Lock.class.isAssignableFrom(f.getType()) && !ReadWriteLock.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                Object value = read(f, target);
                if (value instanceof ReadWriteLock rw) {
                    found.add(new Held(rw.writeLock(), rw instanceof ReentrantReadWriteLock r ? r : null));
                } else if (value instanceof Lock l) {
                    found.add(new Held(l, null));
                }
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError(target.getClass().getSimpleName() + " has no field holding a Lock or a "
                    + "ReadWriteLock: the lesson's idiom keeps the lock that guards the shared state in a field");
        }
        List<Held> taken = new ArrayList<>();
        for (Held h : found) {
            h.lock().lock();
            taken.add(h);
        }
        return new HeldLocks(taken);
    }

    /**
     * Waits until {@code thread} is queued to acquire one of the held locks (for a {@link ReentrantLock} or a
     * {@link ReentrantReadWriteLock}: in its wait queue; for another kind of lock: parked or blocked at all).
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

    private static Object read(Field f, Object target) {
        try {
            f.setAccessible(true);
            return f.get(Modifier.isStatic(f.getModifiers()) ? null : target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AssertionError("cannot read the field " + f.getName() + " of "
                    + target.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
