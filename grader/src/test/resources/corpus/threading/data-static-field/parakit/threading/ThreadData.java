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

    private static volatile String label;
    private static final ThreadLocal<int[]> COUNTER = ThreadLocal.withInitial(() -> new int[] {INITIAL});

    private ThreadData() {
    }

    /** Sets the calling thread's label. */
    public static void setLabel(String label) {
        ThreadData.label = label;
    }

    /** The calling thread's label, or empty if this thread has not set one (or has cleared it). */
    public static Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** Makes the calling thread's label unset again. */
    public static void clearLabel() {
        label = null;
    }

    /** The calling thread's counter: {@link #INITIAL} plus the number of {@link #increment()} calls it made. */
    public static int counter() {
        return COUNTER.get()[0];
    }

    /** Adds one to the calling thread's counter only. */
    public static void increment() {
        COUNTER.get()[0]++;
    }
}
