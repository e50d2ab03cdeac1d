package parakit.threading;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Q5. An event: a flag that threads can wait for, Python's {@code threading.Event}. The JDK has no class
 * of that name ({@code CountDownLatch(1)} is a one-shot event that cannot be cleared); this one is built
 * from the two primitives every blocking class in {@code java.util.concurrent} is built from: a lock and a
 * condition.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A wait that begins while the flag is set returns at once (with {@code true}): a {@link #set()} that
 *       happened before the wait began is never missed.</li>
 *   <li>{@link #set()} releases every thread waiting at that moment, even if {@link #clear()} follows at once,
 *       before any of them has run again (as in Python, where such a {@code wait} returns {@code True}).
 *       A wait that begins after that {@code clear()} blocks until the next {@code set()}.</li>
 *   <li>Nothing but a {@code set()}, the timeout of a timed wait, or an interrupt ends a wait: a waiting thread
 *       waits for the signal (it is {@code WAITING}, or {@code TIMED_WAITING} in a timed wait) and does not
 *       poll.</li>
 *   <li>A timed wait returns {@code true} if a {@code set()} released it (or the flag was set when it began),
 *       and {@code false} once its timeout has passed with no {@code set()}; a timeout of zero or less only
 *       reports whether the flag is set.</li>
 *   <li>A thread interrupted while it waits, or already interrupted when it calls a wait on a clear event,
 *       leaves the wait with {@link InterruptedException} (its interrupt status cleared), never as if the event
 *       were set.</li>
 * </ul>
 * Memory effects: actions before {@link #set()} happen-before the return of every wait it releases.
 */
public final class Event {

    // TODO Event.state: Declare the state the methods below share, and what guards it and lets threads wait for it to change
    //   (java.util.concurrent.locks).

    /** Sets the flag and releases every thread waiting at this moment. */
    public void set() {
        // TODO Event.set: Set the flag and release every thread that is waiting now.
        throw new UnsupportedOperationException("TODO Event.set");
    }

    /** Clears the flag: waits that begin afterwards block until the next {@link #set()}. */
    public void clear() {
        // TODO Event.clear: Clear the flag.
        throw new UnsupportedOperationException("TODO Event.clear");
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        // TODO Event.isSet: Return the flag.
        return false;
    }

    /**
     * Waits until the flag is set, or until a {@link #set()} releases this wait; returns at once if the flag is
     * set already.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public void await() throws InterruptedException {
        // TODO Event.await: Wait until the event is set (see the class comment for what that means exactly).
        throw new UnsupportedOperationException("TODO Event.await");
    }

    /**
     * As {@link #await()}, but waits at most about {@code timeout} in total.
     *
     * @return {@code true} if the flag was set when the wait began or a {@link #set()} released it,
     *         {@code false} if the timeout passed first
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        // TODO Event.awaitTimeout: As await(), but give up once the timeout has passed in total, and say which of the two happened.
        return false;
    }
}
