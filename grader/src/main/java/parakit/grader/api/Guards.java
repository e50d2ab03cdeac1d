package parakit.grader.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import parakit.grader.api.Callers.ThrowingRunnable;

/**
 * The locks and monitors a student's object may guard its state with, found by type, so that a hidden test can
 * hold them itself and provoke an interleaving deterministically ("while the test holds the lock, does
 * {@code increment()} wait?").
 *
 * <p>What counts as a guard, among <em>all</em> fields the object's class and its superclasses declare, static
 * ones included, whatever their order and name:
 * <ul>
 *   <li>a field of a {@link Lock} type: that lock, except a {@link ReentrantReadWriteLock.ReadLock} (a shared
 *       lock excludes no reader, so holding it says nothing about mutual exclusion);</li>
 *   <li>a field of a {@link ReadWriteLock} type: its {@linkplain ReadWriteLock#writeLock() write lock};</li>
 *   <li>a field declared as {@code Object}: a monitor for {@code synchronized}/{@code wait}/{@code notifyAll};</li>
 *   <li>the object itself and its class: the monitors of {@code synchronized} instance and static methods.</li>
 * </ul>
 * Guards are deduplicated by identity. Fields whose value is {@code null} are skipped.
 */
public final class Guards {

    private Guards() {
    }

    /** A lock or monitor that a test thread can hold while it runs some code. */
    public sealed interface Guard {

        /** Runs {@code body} on the calling thread while holding this guard; releases it however body ends. */
        void holdWhile(ThrowingRunnable body) throws Exception;

        /** "lock field 'lock' (ReentrantLock)", for messages. */
        String describe();
    }

    /**
     * An explicit lock; held with {@link Lock#tryLock(long, TimeUnit)} (bounded by {@link #TAKE_WITHIN}, so that a
     * lock some thread never released fails the test instead of hanging it) and {@link Lock#unlock()}.
     */
    public record LockGuard(Lock lock, String field) implements Guard {

        /** How long {@link #holdWhile} waits to take the lock before it fails. */
        public static final Duration TAKE_WITHIN = Duration.ofSeconds(3);

        @Override
        public void holdWhile(ThrowingRunnable body) throws Exception {
            if (!lock.tryLock(TAKE_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the test could not take " + describe() + " within " + TAKE_WITHIN.toMillis()
                        + " ms: another thread holds it, or one that ended never released it (" + lock + ")");
            }
            try {
                body.run();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String describe() {
            return "lock " + field + " (" + lock.getClass().getSimpleName() + ")";
        }
    }

    /** An object's monitor; held with a {@code synchronized} block. */
    public record MonitorGuard(Object monitor, String field) implements Guard {
        @Override
        public void holdWhile(ThrowingRunnable body) throws Exception {
            synchronized (monitor) {
                body.run();
            }
        }

        @Override
        public String describe() {
            return "monitor of " + field;
        }
    }

    /**
     * Every guard of {@code instance} (see the class comment), explicit locks first.
     *
     * @throws AssertionError if a field cannot be read
     */
    public static List<Guard> of(Object instance) {
        List<Guard> locks = new ArrayList<>();
        List<Guard> monitors = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Object value = read(f, instance);
                String name = "'" + f.getName() + "'";
                if (value instanceof ReadWriteLock rw) {
                    Lock write = rw.writeLock();
                    if (seen.add(write)) {
                        locks.add(new LockGuard(write, name + ".writeLock()"));
                    }
                } else if (value instanceof Lock lock && !(lock instanceof ReentrantReadWriteLock.ReadLock)) {
                    if (seen.add(lock)) {
                        locks.add(new LockGuard(lock, name));
                    }
                } else if (value != null && f.getType() == Object.class && seen.add(value)) {
                    monitors.add(new MonitorGuard(value, name));
                }
            }
        }
        if (seen.add(instance)) {
            monitors.add(new MonitorGuard(instance, "the object itself"));
        }
        if (seen.add(instance.getClass())) {
            monitors.add(new MonitorGuard(instance.getClass(), instance.getClass().getSimpleName() + ".class"));
        }
        List<Guard> all = new ArrayList<>(locks);
        all.addAll(monitors);
        return List.copyOf(all);
    }

    /** Only the explicit locks among {@link #of}: what a question that requires a {@link Lock} guards with. */
    public static List<LockGuard> locksOf(Object instance) {
        return of(instance).stream().filter(LockGuard.class::isInstance).map(LockGuard.class::cast).toList();
    }

    /**
     * Runs {@code body} on the calling thread while holding every guard in {@code guards} at once (all the
     * JDK's locks and monitors are reentrant, so body may call the student's methods on this thread).
     */
    public static void holdingAll(List<? extends Guard> guards, ThrowingRunnable body) throws Exception {
        if (guards.isEmpty()) {
            body.run();
            return;
        }
        guards.getFirst().holdWhile(() -> holdingAll(guards.subList(1, guards.size()), body));
    }

    /**
     * Finds the guard that {@code action} needs: for each guard in turn, holds it, runs {@code action} on a new
     * platform thread and sees whether that thread waits ({@link #settle}) instead of finishing. The action runs
     * once per guard tried (to its end: after the guard is released), so it should be cheap and harmless.
     *
     * @return the first guard the action waited for, or empty if it finished while each was held
     * @throws AssertionError if the action does not finish within {@code within} once a guard is released
     */
    public static <G extends Guard> Optional<G> guardOf(List<G> guards, Runnable action, Duration within)
            throws Exception {
        for (G guard : guards) {
            Thread[] probe = new Thread[1];
            Thread.State[] state = new Thread.State[1];
            guard.holdWhile(() -> {
                probe[0] = Thread.ofPlatform().name("guard-probe").start(action);
                state[0] = settle(within, probe[0]);
            });
            Await.joined(within, probe[0]);
            if (state[0] != Thread.State.TERMINATED) {
                return Optional.of(guard);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until {@code thread} has either ended or stopped running (WAITING, TIMED_WAITING or BLOCKED), and
     * returns that state. Use it where either answer is a verdict: "it finished although the lock was held".
     *
     * @throws AssertionError if the thread is still running at the deadline (a spin)
     */
    public static Thread.State settle(Duration within, Thread thread) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Thread.State s = thread.getState();
            if (s != Thread.State.NEW && s != Thread.State.RUNNABLE) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + thread.getName() + " to wait or to end within "
                        + within.toMillis() + " ms, but it kept running (busy-waiting?):\n" + Await.describe(thread));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Waits until each thread waits for a signal rather than for a lock: it is WAITING or TIMED_WAITING, and not
     * parked while acquiring a {@code java.util.concurrent} lock (its {@linkplain LockSupport#getBlocker blocker} is
     * not an {@link AbstractQueuedSynchronizer}). A thread in {@code Condition.await}, {@code Object.wait} or a
     * timed variant qualifies; one queued for the lock that guards the state, or BLOCKED on a monitor, does not
     * (yet). Use it before a test changes the state under the lock, so that no waiter is still on its way in.
     *
     * @throws AssertionError if the deadline passes first; the message describes every thread
     */
    public static void untilParkedOutsideLocks(Duration within, Thread... threads) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Arrays.stream(threads).allMatch(Guards::parkedOutsideLocks)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected these threads to be waiting (for a signal, not for a lock) within "
                        + within.toMillis() + " ms, but they were not:\n" + Await.describe(threads));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Wakes {@code waiter} as a spurious wake-up would (the JDK lets {@code Condition.await} and {@code Object.wait}
     * return without any signal): holding the lock or monitor that {@code instance} guards its state with, it
     * signals the condition or notifies the monitor that {@code waiter} waits on; releases it; then waits until the
     * waiter has either ended or begun a new wait for a signal (its JVM wait count has grown and it is parked
     * outside locks again, {@link #untilParkedOutsideLocks}'s sense). A waiter that takes any wake-up for the event
     * it waits for ends; one that checks its condition again waits again.
     *
     * <p>What the waiter waits on is found, not assumed: its park blocker (a {@link Condition}, signalled under
     * whichever of {@code instance}'s locks owns it) or the monitor the JVM says it waits on, matched by identity
     * against {@code instance}'s guards ({@link #of}).
     *
     * @param waiter a thread parked outside locks (call {@link #untilParkedOutsideLocks} first)
     * @return TERMINATED if the waiter ended, WAITING or TIMED_WAITING if it waits again; empty if what it waits on
     *         is not among {@code instance}'s guards (nothing was woken, so the caller cannot tell)
     * @throws AssertionError if the waiter neither ends nor waits again within {@code within}
     */
    public static Optional<Thread.State> wakeSpuriously(Object instance, Thread waiter, Duration within)
            throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.lang.management.ThreadInfo before = threads.getThreadInfo(waiter.threadId());
        if (before == null) {
            return Optional.empty();
        }
        Object blocker = LockSupport.getBlocker(waiter);
        boolean woken = false;
        if (blocker instanceof Condition condition) {
            for (LockGuard guard : locksOf(instance)) {
                if (!guard.lock().tryLock(TAKE_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                try {
                    condition.signalAll();
                    woken = true;
                    break;
                } catch (IllegalMonitorStateException notItsLock) {
                    // this condition belongs to another of the object's locks: try the next
                } finally {
                    guard.lock().unlock();
                }
            }
        } else {
            java.lang.management.LockInfo waitsOn = before.getLockInfo();
            for (Guard guard : of(instance)) {
                if (guard instanceof MonitorGuard monitor && waitsOn != null
                        && System.identityHashCode(monitor.monitor()) == waitsOn.getIdentityHashCode()) {
                    synchronized (monitor.monitor()) {
                        monitor.monitor().notifyAll();
                    }
                    woken = true;
                    break;
                }
            }
        }
        if (!woken) {
            return Optional.empty();
        }
        long waited = before.getWaitedCount();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (waiter.getState() == Thread.State.TERMINATED) {
                return Optional.of(Thread.State.TERMINATED);
            }
            java.lang.management.ThreadInfo now = threads.getThreadInfo(waiter.threadId());
            if (now != null && now.getWaitedCount() > waited && parkedOutsideLocks(waiter)) {
                return Optional.of(waiter.getState());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + waiter.getName() + " to end or to wait again within "
                        + within.toMillis() + " ms after a wake-up, but it did neither:\n" + Await.describe(waiter));
            }
            Thread.sleep(1);
        }
    }

    /** How long {@link #wakeSpuriously} tries each lock before it goes on to the next. */
    private static final long TAKE_MILLIS = 500;

    private static boolean parkedOutsideLocks(Thread t) {
        Thread.State s = t.getState();
        return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                && !(LockSupport.getBlocker(t) instanceof AbstractQueuedSynchronizer)
                && !(LockSupport.getBlocker(t) instanceof AbstractQueuedLongSynchronizer);
    }

    private static Object read(Field f, Object instance) {
        try {
            f.setAccessible(true);
            return f.get(Modifier.isStatic(f.getModifiers()) ? null : instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AssertionError("cannot read field " + f.getName() + " of " + instance.getClass().getName(), e);
        }
    }
}
