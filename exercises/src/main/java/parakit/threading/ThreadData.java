package parakit.threading;

import java.util.Optional;

/**
 * Q13. Thread-local data: a variable with one value per thread. Python's {@code threading.local()} object
 * has attributes that each thread sets for itself; in a new thread they are missing. Java's
 * {@link ThreadLocal} holds one value per thread; {@link ThreadLocal#get()} returns {@code null} in a thread
 * that has not set it. The practical's subclass of {@code local} that sets its attributes in
 * {@code __init__} (so that every thread sees the same initial value) is
 * {@link ThreadLocal#withInitial(java.util.function.Supplier)} in Java.
 *
 * <p>Invariants: what a thread sets is seen by that thread only; a new thread sees no label and a counter of
 * {@value #INITIAL}; {@link #clearLabel()} makes the label unset again in the calling thread.
 */
public final class ThreadData {

    /** The counter's value in a thread that has not changed it. */
    public static final int INITIAL = 1000;

    // TODO ThreadData.locals: Declare two thread-locals: the label, with no initial value (new ThreadLocal<>()), and the counter,
    //   whose initial value in every thread is INITIAL (ThreadLocal.withInitial). Hold the counter as an int[1]
    //   or a small mutable object: the initial-value supplier must create a NEW one for each thread.

    private ThreadData() {
    }

    /** Sets the calling thread's label. */
    public static void setLabel(String label) {
        // TODO ThreadData.setLabel: Store label in the calling thread's slot of the label thread-local.
        throw new UnsupportedOperationException("TODO ThreadData.setLabel");
    }

    /** The calling thread's label, or empty if this thread has not set one (or has cleared it). */
    public static Optional<String> label() {
        // TODO ThreadData.label: Read the calling thread's label; null (unset) becomes Optional.empty().
        throw new UnsupportedOperationException("TODO ThreadData.label");
    }

    /** Makes the calling thread's label unset again. */
    public static void clearLabel() {
        // TODO ThreadData.clearLabel: Remove the calling thread's value (remove(), so that the slot is really unset again).
        throw new UnsupportedOperationException("TODO ThreadData.clearLabel");
    }

    /** The calling thread's counter: {@link #INITIAL} plus the number of {@link #increment()} calls it made. */
    public static int counter() {
        // TODO ThreadData.counter: Return the calling thread's counter value.
        throw new UnsupportedOperationException("TODO ThreadData.counter");
    }

    /** Adds one to the calling thread's counter only. */
    public static void increment() {
        // TODO ThreadData.increment: Add one to the calling thread's counter.
        throw new UnsupportedOperationException("TODO ThreadData.increment");
    }
}
