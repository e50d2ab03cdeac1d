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

    private static final ThreadLocal<String> LABEL = new ThreadLocal<>();
    private static final int[] START = {INITIAL};
    private static final ThreadLocal<int[]> COUNTER = ThreadLocal.withInitial(() -> START);

    private ThreadData() {
    }

    /** Sets the calling thread's label. */
    public static void setLabel(String label) {
        LABEL.set(label);
    }

    /** The calling thread's label, or empty if this thread has not set one (or has cleared it). */
    public static Optional<String> label() {
        return Optional.ofNullable(LABEL.get());
    }

    /** Makes the calling thread's label unset again. */
    public static void clearLabel() {
        LABEL.remove();
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
