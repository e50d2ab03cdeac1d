package parakit.grader.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calling contexts a hidden test runs a student's method from, so that a solution cannot depend on being
 * called from the non-daemon platform thread named {@code main} of a fresh JVM.
 *
 * <p>Use with a parameterized test over {@link #all()}, or pick one. {@link Caller#call} runs the body on a new
 * thread of that kind, waits for it within a deadline, and returns its result or rethrows what it threw
 * (an {@link AssertionError} as it is, anything else wrapped in an {@link AssertionError} that names the caller).
 */
public final class Callers {

    private Callers() {
    }

    /** A kind of calling thread. */
    public enum Caller {
        /** A non-daemon platform thread with a name of the test's choosing ("caller-platform"). */
        PLATFORM("caller-platform"),
        /** A daemon platform thread: threads it starts inherit daemon = true unless the code sets it. */
        DAEMON("caller-daemon"),
        /** A platform thread renamed while it runs: code that recognises the caller by a name breaks. */
        RENAMED("renamed-later"),
        /** A virtual thread: {@code Thread.currentThread().isVirtual()} is true, and it is always a daemon. */
        VIRTUAL("caller-virtual");

        private final String threadName;

        Caller(String threadName) {
            this.threadName = threadName;
        }

        /** The name the calling thread has while the body runs. */
        public String threadName() {
            return this == RENAMED ? "caller-renamed" : threadName;
        }

        /** Runs {@code body} on a new thread of this kind and returns its result, all within {@code within}. */
        public <T> T call(Duration within, Callable<T> body) {
            AtomicReference<T> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable task = () -> {
                if (this == RENAMED) {
                    Thread.currentThread().setName("caller-renamed");
                }
                try {
                    result.set(body.call());
                } catch (Throwable t) {
                    failure.set(t);
                }
            };
            Thread thread = switch (this) {
                case PLATFORM, RENAMED -> Thread.ofPlatform().name(threadName).daemon(false).unstarted(task);
                case DAEMON -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(task);
                case VIRTUAL -> Thread.ofVirtual().name(threadName).unstarted(task);
            };
            thread.start();
            Await.joined(within, thread);
            Throwable t = failure.get();
            if (t instanceof AssertionError a) {
                throw a;
            }
            if (t != null) {
                throw new AssertionError("called from a " + describe() + ", the code threw " + t, t);
            }
            return result.get();
        }

        /** Like {@link #call}, for a body without a result. */
        public void run(Duration within, ThrowingRunnable body) {
            call(within, () -> {
                body.run();
                return null;
            });
        }

        /** "daemon platform thread 'caller-daemon'", for messages. */
        public String describe() {
            return switch (this) {
                case PLATFORM -> "non-daemon platform thread '" + threadName + "'";
                case DAEMON -> "daemon platform thread '" + threadName + "'";
                case RENAMED -> "platform thread renamed to 'caller-renamed' while running";
                case VIRTUAL -> "virtual thread '" + threadName + "'";
            };
        }
    }

    /** A body that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Every calling context, for {@code @EnumSource(Caller.class)} or a loop. */
    public static List<Caller> all() {
        return List.of(Caller.values());
    }
}
