package parakit.futures;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * Q8. Python's {@code ProcessPoolExecutor}: a pool of worker <em>processes</em> (child JVMs) that run submitted
 * tasks, each worker task after task, and that is <em>broken</em> for good once a worker process dies.
 *
 * <p>A task crosses to its worker, and its result or exception back, with Java serialization: the task is a
 * {@link RemoteTask}, a {@link Serializable} functional interface, so a lambda written for it is serializable when
 * everything it captures is.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The pool has exactly the workers the constructor started, and starts no others: a worker that ended is
 *       not replaced.</li>
 *   <li>Tasks are taken in the order they were submitted, each by the next free worker, and run one at a time in
 *       each worker; so up to {@code workers} tasks run at the same time.</li>
 *   <li>A task that throws does not harm its worker or the pool: its future fails, and the worker goes on with the
 *       next task.</li>
 *   <li><b>Broken.</b> When a worker process ends unexpectedly (a task calls {@code System.exit} or
 *       {@code Runtime.halt}, the process is killed or crashes), whether it was running a task or idle, the pool
 *       becomes broken, for good: it ends every other worker process, and every task not yet done then (the
 *       running ones, the queued ones) fails with a {@link BrokenPoolException}, promptly. The pool is broken before
 *       the first of those futures fails. A task submitted to a broken pool is not run: {@link #submit} still
 *       returns normally, with a future that fails with a {@link BrokenPoolException}.</li>
 *   <li>All methods may be called from any thread.</li>
 * </ul>
 */
public final class ProcessPool implements AutoCloseable {

    /**
     * Starts a JVM running a class's {@code main}, with this program's classes: the caller knows how (a test passes
     * {@code parakit.support.ChildJvm}, a program could run {@code java -cp ...}).
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Starts {@code main} with {@code args} through {@code builder} (its redirections are kept). The child's
         * standard input and output are pipes to this JVM unless {@code builder} says otherwise.
         */
        Process start(ProcessBuilder builder, Class<?> main, String... args) throws IOException;
    }

    /**
     * A task that can be sent to another process. Because this interface is {@link Serializable}, so is a lambda
     * written for it (if what it captures is).
     *
     * @param <T> the type of the result
     */
    @FunctionalInterface
    public interface RemoteTask<T> extends Serializable {
        /** Runs the task, in a worker process. */
        T call() throws Exception;
    }

    /** The cause of a task's failure when the pool was broken: a worker process ended unexpectedly. */
    public static final class BrokenPoolException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what broke the pool */
        public BrokenPoolException(String message) {
            super(message);
        }
    }

    // TODO ProcessPool.state: Declare the pool's state: its worker processes, the tasks waiting for a worker, whether it is closed or
    //   broken, and whatever the workers' threads share.

    /**
     * Starts a pool of {@code workers} worker processes, all of them now, each a child JVM started with
     * {@code launcher} and a class of this question whose {@code main} is the worker's loop ({@link Worker}).
     * Each worker gets its tasks on its standard input and answers on its standard output (so a task must not print
     * to {@code System.out}); its standard error is this JVM's.
     *
     * @param launcher how to start a worker JVM
     * @param workers  the number of worker processes, at least 1
     * @throws IllegalArgumentException if {@code workers < 1} (no process is started)
     * @throws IOException              if a worker cannot be started (those already started are ended first)
     */
    public ProcessPool(Launcher launcher, int workers) throws IOException {
        // TODO ProcessPool.new: Start the worker processes, each with a thread of this JVM that hands it tasks and reads its answers
        //   (see the class comment for what the pool must notice).
        throw new UnsupportedOperationException("TODO ProcessPool.new");
    }

    /**
     * Submits {@code task} and returns at once with its future. {@code get()} then returns the task's result (a
     * copy, made in the worker) or throws an {@link ExecutionException} whose cause is: a copy of the exception the
     * task threw (same class, same message); a {@link NotSerializableException} if the task, its result or its
     * exception cannot be serialized (the pool is not harmed); a {@link BrokenPoolException} if the pool is or
     * becomes broken before the task is done (see the class comment).
     *
     * @return the future of the task's result
     * @throws RejectedExecutionException if the pool is closed ({@link #close} was called)
     */
    public <T> Future<T> submit(RemoteTask<T> task) {
        // TODO ProcessPool.submit: Serialize the task and queue it for the next free worker, returning its future (the Javadoc and the
        //   class comment say what happens when the pool is closed or broken).
        throw new UnsupportedOperationException("TODO ProcessPool.submit");
    }

    /**
     * Closes the pool, as Python's {@code shutdown(wait=True)}: no new tasks ({@link #submit} then throws
     * {@link RejectedExecutionException}); waits until every task submitted before is done (the queued ones are
     * still run); then ends every worker process and waits for them. When {@code close} returns, no worker process
     * is alive. On a broken pool it returns promptly. A second call does nothing more.
     *
     * <p>If the calling thread is interrupted while it waits, every worker process is ended at once (so the pool
     * is broken and the tasks not yet done fail with {@link BrokenPoolException}); {@code close} still waits until
     * they have ended, and returns with the thread's interrupt status set.
     */
    @Override
    public void close() {
        // TODO ProcessPool.close: Refuse new tasks, let the submitted ones finish, end the workers and wait for them (see the Javadoc for
        //   an interrupt).
        throw new UnsupportedOperationException("TODO ProcessPool.close");
    }

    // TODO ProcessPool.helpers: Helper methods of your own, if you want them (serializing; the loop that feeds one worker; breaking the pool).

    /**
     * The worker's program: reads task after task from standard input, each as an {@code int} length and that many
     * bytes of serialized task; runs it; and answers on standard output the same way, with the serialized
     * {@code true} and the result, or {@code false} and the exception (the task's, or the
     * {@link NotSerializableException} if that answer cannot be serialized). Returns when its standard input ends.
     */
    public static final class Worker {

        private Worker() {
        }

        public static void main(String[] args) throws IOException {
            // TODO ProcessPool.Worker.main: Loop: read a task (or return at the end of the input), run it, answer (see above), flush.
            throw new UnsupportedOperationException("TODO ProcessPool.Worker.main");
        }
    }
}
