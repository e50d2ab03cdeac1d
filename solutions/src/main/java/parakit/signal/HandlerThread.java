package parakit.signal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Q2. Which thread runs a signal handler: the Java counterpart of the practical's "Signals and Threads". A thread
 * waits for a signal; the handler, wherever it runs, describes the thread it runs on and hands that description
 * to the waiting thread.
 */
public final class HandlerThread {

    private HandlerThread() {
    }

    /**
     * A thread, as a handler found it.
     *
     * @param name   the thread's name
     * @param id     the thread's id ({@link Thread#threadId()})
     * @param main   whether it is the thread given as the program's main thread
     * @param daemon whether it is a daemon thread
     * @param waiter whether it is the thread given as the one that waits for the signal
     */
    public record Seen(String name, long id, boolean main, boolean daemon, boolean waiter) {
    }

    /**
     * Describes the calling thread: its name, its id, whether it is a daemon, whether it is {@code main} and
     * whether it is {@code waiter}. Whether it is {@code main} or {@code waiter} means that very thread, not a
     * thread of the same name.
     *
     * @param main   the program's main thread
     * @param waiter the thread that waits for the signal
     * @return the calling thread, described
     */
    public static Seen describe(Thread main, Thread waiter) {
        // >>> SOLUTION HandlerThread.describe
        // Describe Thread.currentThread() against the two threads given.
        Thread me = Thread.currentThread();
        return new Seen(me.getName(), me.threadId(), me == main, me.isDaemon(), me == waiter);
        // <<< SOLUTION
    }

    /**
     * Waits, on the calling thread (the waiter), for one arrival of the signal named {@code name} ({@code "USR1"}),
     * and returns what its handler found out about the thread it ran on.
     *
     * <p>First installs a handler for the signal (with {@link sun.misc.Signal}); the handler, when the signal
     * arrives, describes the thread it runs on with {@link #describe describe(main, waiter)}, {@code waiter} being
     * the calling thread of this method, and hands that description to the waiter. Then runs {@code ready}: from
     * then on the signal may be sent. Then waits, without polling, up to {@code timeout} for the description, and
     * returns it; or empty if the signal did not arrive in time. Only the first arrival counts.
     *
     * <p>Before this method returns or throws (once the handler is installed), the handler the signal had before
     * is put back.
     *
     * @param name    the signal's name, without {@code SIG}
     * @param main    the program's main thread (for {@link Seen#main})
     * @param ready   run once the handler is installed, on the calling thread
     * @param timeout how long to wait for the signal after {@code ready}
     * @return what the handler found, or empty if no signal arrived within {@code timeout}
     * @throws IllegalArgumentException if this JVM does not let a program handle that signal
     * @throws InterruptedException     if the calling thread is interrupted while it waits
     */
    public static Optional<Seen> awaitSignal(String name, Thread main, Runnable ready, Duration timeout)
            throws InterruptedException {
        // >>> SOLUTION HandlerThread.awaitSignal
        // Install a handler that describes its own thread and hands the description over; run ready; wait for the
        // description with the timeout; put the previous handler back on every path.
        Thread waiter = Thread.currentThread();
        Signal signal = new Signal(name);
        AtomicReference<Seen> seen = new AtomicReference<>();
        CountDownLatch arrived = new CountDownLatch(1);
        SignalHandler before = Signal.handle(signal, s -> {
            if (seen.compareAndSet(null, describe(main, waiter))) {
                arrived.countDown();
            }
        });
        try {
            ready.run();
            if (arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.of(seen.get());
            }
            return Optional.empty();
        } finally {
            Signal.handle(signal, before);
        }
        // <<< SOLUTION
    }
}
