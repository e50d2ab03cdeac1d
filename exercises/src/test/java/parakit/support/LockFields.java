package parakit.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The explicit locks an object guards its state with, found by the contract (the lesson asks for a
 * {@link Lock} in a field), never by a field's name or its place among the others: so that a test can hold them
 * itself and see what the code under test does meanwhile.
 *
 * <p>Found among <em>all</em> fields of the object's class and its superclasses, static ones included: a field whose
 * value is a {@link Lock} (except a {@link ReentrantReadWriteLock.ReadLock}: a shared lock excludes no reader, so
 * holding it says nothing about mutual exclusion), or a {@link ReadWriteLock}, whose write lock counts. Each lock
 * once (by identity), in the order of the classes from the object's own up and of the fields in each; {@code null}
 * fields are skipped. Used by the public tests and by the hidden tests' lock finder (the grader's Guards).
 */
public final class LockFields {

    private LockFields() {
    }

    /**
     * One lock found.
     *
     * @param lock  the lock to hold (a read-write lock's write lock)
     * @param field how it was found, for messages: {@code 'lock'} or {@code 'rw'.writeLock()}
     * @param owner the read-write lock whose write lock this is, or {@code null}
     */
    public record Found(Lock lock, String field, ReentrantReadWriteLock owner) {

        /**
         * Whether {@code thread} is queued right now to take this lock: in the wait queue of a {@link ReentrantLock}
         * or of the {@link #owner}; for another kind of lock, parked or blocked at all.
         */
        public boolean queued(Thread thread) {
            if (lock instanceof ReentrantLock r) {
                return r.hasQueuedThread(thread);
            }
            if (owner != null) {
                return owner.hasQueuedThread(thread);
            }
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
        }
    }

    /**
     * Every lock of {@code instance} (see the class comment).
     *
     * @throws IllegalStateException if a field cannot be read
     */
    public static List<Found> of(Object instance) {
        List<Found> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Object value = read(f, instance);
                String name = "'" + f.getName() + "'";
                if (value instanceof ReadWriteLock rw) {
                    Lock write = rw.writeLock();
                    if (seen.add(write)) {
                        found.add(new Found(write, name + ".writeLock()", rw instanceof ReentrantReadWriteLock r ? r : null));
                    }
                } else if (value instanceof Lock lock && !(lock instanceof ReentrantReadWriteLock.ReadLock)
                        && seen.add(lock)) {
                    found.add(new Found(lock, name, null));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The value of field {@code f} of {@code instance} (or of its class, for a static field). */
    public static Object read(Field f, Object instance) {
        try {
            f.setAccessible(true);
            return f.get(Modifier.isStatic(f.getModifiers()) ? null : instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read field " + f.getName() + " of " + instance.getClass().getName(), e);
        }
    }
}
