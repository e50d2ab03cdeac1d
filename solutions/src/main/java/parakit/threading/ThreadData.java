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

    // >>> SOLUTION ThreadData.locals
    // Declare two thread-locals: the label, with no initial value (new ThreadLocal<>()), and the counter,
    // whose initial value in every thread is INITIAL (ThreadLocal.withInitial). Hold the counter as an int[1]
    // or a small mutable object: the initial-value supplier must create a NEW one for each thread.
    // stub:
    private static final ThreadLocal<String> LABEL = new ThreadLocal<>();
    private static final ThreadLocal<int[]> COUNTER = ThreadLocal.withInitial(() -> new int[] {INITIAL});
    // <<< SOLUTION

    private ThreadData() {
    }

    /** Sets the calling thread's label. */
    public static void setLabel(String label) {
        // >>> SOLUTION ThreadData.setLabel
        // Store label in the calling thread's slot of the label thread-local.
        LABEL.set(label);
        // <<< SOLUTION
    }

    /** The calling thread's label, or empty if this thread has not set one (or has cleared it). */
    public static Optional<String> label() {
        // >>> SOLUTION ThreadData.label
        // Read the calling thread's label; null (unset) becomes Optional.empty().
        return Optional.ofNullable(LABEL.get());
        // <<< SOLUTION
    }

    /** Makes the calling thread's label unset again. */
    public static void clearLabel() {
        // >>> SOLUTION ThreadData.clearLabel
        // Remove the calling thread's value (remove(), so that the slot is really unset again).
        LABEL.remove();
        // <<< SOLUTION
    }

    /** The calling thread's counter: {@link #INITIAL} plus the number of {@link #increment()} calls it made. */
    public static int counter() {
        // >>> SOLUTION ThreadData.counter
        // Return the calling thread's counter value.
        return COUNTER.get()[0];
        // <<< SOLUTION
    }

    /** Adds one to the calling thread's counter only. */
    public static void increment() {
        // >>> SOLUTION ThreadData.increment
        // Add one to the calling thread's counter.
        COUNTER.get()[0]++;
        // <<< SOLUTION
    }
}
