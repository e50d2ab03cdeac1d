package parakit.profiling;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Q1. A profiler to wrap around a call: the Java counterpart of the practical's {@code @do_profile} decorator.
 * Java has no decorators; the idiom is a method that takes the call as a lambda, runs it, and reports what it
 * cost. {@link #profile} measures the whole call; {@link #section} marks named parts inside it, the way cProfile
 * lists functions.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #profile} returns what the call returned, and throws what the call threw: the same object,
 *       unwrapped (a checked exception keeps its type, thanks to the type parameter {@code X}).</li>
 *   <li>{@link #profile} prints exactly one table ({@link Report#table()}) to the stream it is given, after the
 *       call has ended, on every path: also when the call throws.</li>
 *   <li>The figures cover the call only: wall time (elapsed, as a clock on the wall measures it), the CPU time of
 *       the calling thread (the thread that called {@code profile}, which runs the call), and the CPU time of the
 *       whole process (every thread of the JVM, including threads that ended during the call).</li>
 *   <li>Sections count for the profile of the thread that enters them: the innermost {@code profile} running on
 *       that thread. Sections entered on other threads, or on a thread with no profile, are not counted (their body
 *       still runs). Profiles on different threads at the same time do not see each other's sections.</li>
 *   <li>A {@code profile} inside a profiled call has its own sections; when it ends, sections count for the outer
 *       profile again. After the outermost {@code profile} returns, the thread has no profile.</li>
 * </ul>
 */
public final class Profiler {

    /**
     * A call that returns a {@code T} and may throw an {@code X}.
     *
     * @param <T> the type of the result
     * @param <X> the type of the checked exception it may throw ({@code RuntimeException} when it throws none)
     */
    @FunctionalInterface
    public interface Call<T, X extends Exception> {
        T call() throws X;
    }

    /**
     * The figures of one named section in one profile.
     *
     * @param name  the section's name
     * @param calls how many times a section of this name was entered (each entry counts, nested ones too)
     * @param wall  the wall time during which at least one section of this name was running: a section nested
     *              in a section of the same name (recursion) adds a call but no time, so time is not counted
     *              twice; a section of another name nested in it is part of its time (like cProfile's cumtime)
     */
    public record Section(String name, long calls, Duration wall) {
    }

    /**
     * The figures of one profiled call.
     *
     * @param label      the label given to {@link #profile}
     * @param wall       wall time of the call
     * @param threadCpu  CPU time of the calling thread during the call; empty if the JVM cannot measure it (a
     *                   virtual thread: it runs on changing carrier threads, and the JVM reports no CPU time for it)
     * @param processCpu CPU time of the whole process during the call; empty if the platform does not report it
     * @param sections   the sections, in the order they were first entered
     */
    public record Report(String label, Duration wall, Optional<Duration> threadCpu, Optional<Duration> processCpu,
            List<Section> sections) {

        /**
         * The table {@link #profile} prints, one line each, every line ending with a line separator:
         * <pre>
         * profile 'fetch pages'
         *   wall time                203.412 ms
         *   cpu, calling thread        1.204 ms
         *   cpu, whole process         5.300 ms
         *   section                    calls      wall ms
         *   fetch                          3      120.511
         * </pre>
         * Times in milliseconds with three decimals (a dot as the separator), {@code n/a} for a figure that could
         * not be measured; the section header is printed even when there are no sections.
         */
        public String table() {
            String nl = System.lineSeparator();
            StringBuilder t = new StringBuilder();
            t.append("profile '").append(label).append('\'').append(nl);
            t.append(String.format(Locale.ROOT, "  %-20s %12s ms%n", "wall time", millis(wall)));
            t.append(String.format(Locale.ROOT, "  %-20s %12s ms%n", "cpu, calling thread",
                    threadCpu.map(Report::millis).orElse("n/a")));
            t.append(String.format(Locale.ROOT, "  %-20s %12s ms%n", "cpu, whole process",
                    processCpu.map(Report::millis).orElse("n/a")));
            t.append(String.format(Locale.ROOT, "  %-20s %8s %12s%n", "section", "calls", "wall ms"));
            for (Section s : sections) {
                t.append(String.format(Locale.ROOT, "  %-20s %8d %12s%n", s.name(), s.calls(), millis(s.wall())));
            }
            return t.toString();
        }

        private static String millis(Duration d) {
            return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
        }
    }

    private Profiler() {
    }

    // >>> SOLUTION Profiler.state
    // Declare what profile and section share: which profile is running on each thread, and what a running
    // profile has counted so far. The clocks: ManagementFactory.getThreadMXBean() for a thread's CPU time,
    // ProcessHandle.current().info() for the process's.
    // stub:
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The profile running on each thread, if any. */
    private static final ThreadLocal<Tallies> CURRENT = new ThreadLocal<>();

    /** The sections of one running profile; only the thread that runs it touches it. */
    private static final class Tallies {
        final Map<String, Tally> byName = new LinkedHashMap<>();
    }

    /** One section name's figures so far, and how many of its sections are open right now. */
    private static final class Tally {
        long calls;
        long nanos;
        int open;
    }

    /** The calling thread's CPU time in ns, or -1 if the JVM cannot tell (a virtual thread). */
    private static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The process's CPU time in ns, or -1 if the platform does not report it. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static Optional<Duration> between(long start, long end) {
        return start == -1 || end == -1 ? Optional.empty() : Optional.of(Duration.ofNanos(end - start));
    }
    // <<< SOLUTION

    /**
     * Runs {@code call} on the calling thread, prints the {@link Report#table() table} of what it cost to
     * {@code out} once it has ended (returned or thrown), and returns its result.
     *
     * @param label a name for the table's first line
     * @param out   where the table goes
     * @param call  the call to profile
     * @param <T>   the type of its result
     * @param <X>   the type of the checked exception it may throw
     * @return what {@code call} returned
     * @throws X what {@code call} threw, unchanged (as are its unchecked exceptions and errors); the table is
     *           printed before it leaves this method
     */
    public static <T, X extends Exception> T profile(String label, PrintStream out, Call<T, X> call) throws X {
        // >>> SOLUTION Profiler.profile
        // Make a new, empty profile the calling thread's running one, read the three clocks, run the call, read
        // the clocks again, and print the table on every path (see the class comment for what must hold
        // afterwards, also when profiles are nested).
        Tallies outer = CURRENT.get();
        Tallies mine = new Tallies();
        CURRENT.set(mine);
        long thread0 = threadCpuNanos();
        long process0 = processCpuNanos();
        long wall0 = System.nanoTime();
        try {
            return call.call();
        } finally {
            long wall = System.nanoTime() - wall0;
            long process = processCpuNanos();
            long thread = threadCpuNanos();
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
            List<Section> sections = new ArrayList<>();
            mine.byName.forEach((name, t) -> sections.add(new Section(name, t.calls, Duration.ofNanos(t.nanos))));
            out.print(new Report(label, Duration.ofNanos(wall), between(thread0, thread), between(process0, process),
                    sections).table());
        }
        // <<< SOLUTION
    }

    /**
     * Runs {@code body} on the calling thread as a section named {@code name} of the profile running on this
     * thread (see the class comment), and returns its result. The section counts also when {@code body} throws.
     *
     * @param name the section's name
     * @param body the section's code
     * @param <T>  the type of its result
     * @param <X>  the type of the checked exception it may throw
     * @return what {@code body} returned
     * @throws X what {@code body} threw, unchanged
     */
    public static <T, X extends Exception> T section(String name, Call<T, X> body) throws X {
        // >>> SOLUTION Profiler.section
        // Run the body; if a profile runs on this thread, count the entry and add the body's wall time to the
        // section's (see Section for what counts as its time).
        Tallies running = CURRENT.get();
        if (running == null) {
            return body.call();
        }
        Tally t = running.byName.computeIfAbsent(name, n -> new Tally());
        t.calls++;
        if (t.open > 0) {
            t.open++;
            try {
                return body.call();
            } finally {
                t.open--;
            }
        }
        t.open = 1;
        long start = System.nanoTime();
        try {
            return body.call();
        } finally {
            t.open = 0;
            t.nanos += System.nanoTime() - start;
        }
        // <<< SOLUTION
    }
}
