package parakit.multiprocessing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Q7. Python's {@code pool.apply_async(doubler, [25])} with the call really running in another process: each call
 * of {@link #applyAsync} starts a child JVM (through a {@link Launcher}), sends it the function and its arguments
 * with Java serialization, and returns at once with a {@link Future} of the result, which the child sends back the
 * same way.
 *
 * <p>Everything that crosses the process boundary is copied: the function, each argument, the result or the
 * exception. Python pickles them; Java serializes them ({@link ObjectOutputStream}, {@link ObjectInputStream}), so
 * each of them must be {@link Serializable}. A lambda is serializable when its target type is (here
 * {@link RemoteFunction}) and everything it captures is; a record is when it implements {@code Serializable}, and
 * is written as its components and rebuilt through its canonical constructor.
 */
public final class ApplyAsync {

    private ApplyAsync() {
    }

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
     * A function that can be sent to another process: it takes its positional arguments as a list, in order.
     * Because this interface is {@link Serializable}, so is a lambda written for it (if what it captures is).
     *
     * @param <R> the type of the result
     */
    @FunctionalInterface
    public interface RemoteFunction<R> extends Serializable {
        /** Calls the function with {@code args}, its positional arguments in order. */
        R apply(List<Object> args) throws Exception;
    }

    /**
     * Calls {@code function} with {@code arguments} in a new child JVM and returns at once with the future of the
     * result: {@code applyAsync} does not wait for the child to start, let alone for the function.
     *
     * <p><b>Arguments.</b> {@code arguments} is the <em>sequence</em> of positional arguments, as in Python's
     * {@code apply_async(f, args)}, which calls {@code f(*args)}: an array of objects ({@code Object[]},
     * {@code Integer[]}, ...) or any {@link Iterable} ({@code List.of(25)}, a {@code Set}, a queue); its elements,
     * in iteration order, are what {@code function} receives. Anything else ({@code 25} itself, a {@code String},
     * a record, an array of primitives, {@code null}) is not a sequence: the future then fails with an
     * {@link IllegalArgumentException}.
     *
     * <p><b>The process boundary.</b> The function and every argument are serialized with Java serialization and
     * sent to the child, which runs the function once and sends back its result, or the exception it threw, the
     * same way, then ends. What arrives is always a copy: a result equal to an argument is never the same object. If
     * the function or an argument cannot be serialized, the future fails with a {@link NotSerializableException}
     * (and no child is left running); if the result cannot be, with a {@link NotSerializableException} too.
     *
     * <p><b>The child.</b> It is started with {@code launcher} and a class of this question whose {@code main} runs
     * the call ({@link Worker}); it gets the call on its standard input and answers on its standard output (so the
     * function must not print to {@code System.out}; {@code System.err} is this JVM's). If the child ends without
     * an answer (the function calls {@code System.exit}, the process is killed or crashes, or it cannot be
     * started), or the exchange with it fails otherwise (it stops reading its input), the future fails with an
     * {@link IOException}, and a child still running then is ended. The future is completed only after the child has
     * ended: when {@code get()} returns or throws, the child is gone. Each call has a child of its own, so several
     * calls run at the same time.
     *
     * <p><b>Failures.</b> {@code applyAsync} itself never throws for any of them: {@link Future#get()} throws an
     * {@link ExecutionException} whose cause is the exception named above, or, when the function threw, a copy of
     * that exception (same class, same message).
     *
     * @param launcher  how to start the child JVM
     * @param function  the function to call in the child
     * @param arguments the sequence of its positional arguments
     * @param <R>       the type of the result
     * @return the future of the function's result, completed once the child has ended
     */
    public static <R> Future<R> applyAsync(Launcher launcher, RemoteFunction<R> function, Object arguments) {
        // >>> SOLUTION ApplyAsync.applyAsync
        // Make the list of positional arguments from the sequence, send the call to a child JVM and return the
        // future of its answer (the Javadoc says what returns at once and how each failure shows).
        List<Object> positional = new ArrayList<>();
        if (arguments instanceof Object[] array) {
            positional.addAll(Arrays.asList(array));
        } else if (arguments instanceof Iterable<?> sequence) {
            sequence.forEach(positional::add);
        } else {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the arguments must be a sequence "
                    + "(an array of objects or an Iterable), not " + arguments));
        }
        byte[] call;
        try {
            call = serialize(function, positional);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        new Thread(() -> callInChild(launcher, call, result), "apply-async").start();
        return result;
        // <<< SOLUTION
    }

    // >>> SOLUTION ApplyAsync.helpers
    // Helper methods of your own, if you want them (serializing; running one call in a child).
    // stub:
    /** Writes each object, in order, on one object stream; returns its bytes. */
    private static byte[] serialize(Object... objects) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            for (Object o : objects) {
                out.writeObject(o);
            }
        }
        return bytes.toByteArray();
    }

    /** Starts the child, sends it the call, reads its answer, waits for it to end, completes the future. */
    @SuppressWarnings("unchecked")
    private static <R> void callInChild(Launcher launcher, byte[] call, CompletableFuture<R> result) {
        Process child = null;
        try {
            child = launcher.start(new ProcessBuilder().redirectError(ProcessBuilder.Redirect.INHERIT), Worker.class);
            try (OutputStream toChild = child.getOutputStream()) {
                toChild.write(call);
            }
            byte[] answer = child.getInputStream().readAllBytes();
            int exitCode = child.waitFor();
            if (answer.length == 0) {
                throw new IOException("the child ended without an answer (exit code " + exitCode + ")");
            }
            ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(answer));
            boolean returned = (Boolean) in.readObject();
            Object value = in.readObject();
            if (returned) {
                result.complete((R) value);
            } else {
                result.completeExceptionally((Throwable) value);
            }
        } catch (Exception e) {
            if (child != null) {
                child.destroyForcibly();
                child.onExit().join();
            }
            result.completeExceptionally(e);
        }
    }
    // <<< SOLUTION

    /**
     * The child's program: reads one call (the function, then the list of its arguments) from standard input, runs
     * it, and writes the answer to standard output: {@code true} and the result, or {@code false} and the exception
     * the function threw, or, if that answer cannot be serialized, {@code false} and the
     * {@link NotSerializableException}. Then it returns, and the JVM ends.
     */
    public static final class Worker {

        private Worker() {
        }

        @SuppressWarnings("unchecked")
        public static void main(String[] args) throws IOException, ClassNotFoundException {
            // >>> SOLUTION ApplyAsync.Worker.main
            // Read the call from System.in, run it, answer on System.out (see above), flush.
            ObjectInputStream in = new ObjectInputStream(System.in);
            RemoteFunction<?> function = (RemoteFunction<?>) in.readObject();
            List<Object> arguments = (List<Object>) in.readObject();
            boolean returned;
            Object value;
            try {
                value = function.apply(arguments);
                returned = true;
            } catch (Exception e) {
                value = e;
                returned = false;
            }
            byte[] answer;
            try {
                answer = serialize(returned, value);
            } catch (NotSerializableException e) {
                answer = serialize(false, e);
            }
            System.out.write(answer);
            System.out.flush();
            // <<< SOLUTION
        }
    }
}
