package parakit.futures;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Q4. The Java counterpart of {@code future.add_done_callback(done)}: a callback that runs once the future is done,
 * whatever the reason, and is told which reason it was (the practical's {@code done(fn)} checks
 * {@code cancelled()}, then {@code exception()}, then takes the {@code result()}).
 */
public final class DoneCallbacks {

    private DoneCallbacks() {
    }

    /**
     * How a future ended, as a callback is told.
     *
     * @param <T> the type of the future's result
     */
    public sealed interface Outcome<T> {
    }

    /**
     * The future completed with a result.
     *
     * @param value the result (may be {@code null})
     * @param <T>   the type of the result
     */
    public record Returned<T>(T value) implements Outcome<T> {
    }

    /**
     * The future completed by throwing.
     *
     * @param error the exception the task threw (or the future was completed with), never a
     *              {@link CompletionException} wrapper around it, never a {@link CancellationException}
     * @param <T>   the type of the future's result
     */
    public record Raised<T>(Throwable error) implements Outcome<T> {
    }

    /**
     * The future was cancelled before it completed.
     *
     * @param <T> the type of the future's result
     */
    public record Cancelled<T>() implements Outcome<T> {
    }

    /**
     * Arranges for {@code callback} to be called exactly once, when {@code future} is done, with how it ended:
     * {@link Cancelled} if it was cancelled, {@link Raised} with the exception the task threw if it completed by
     * throwing (unwrapped: the exception itself, not the {@link CompletionException} around it), {@link Returned}
     * with its result otherwise.
     *
     * <p>Threads: if the future is already done, the callback runs in the calling thread before this method returns;
     * otherwise it runs later in the thread that completes the future (the one that returns its result, throws, or
     * cancels it). This method never waits for the future. Several callbacks on one future each run once.
     *
     * @param future   the future, not {@code null}
     * @param callback the callback, not {@code null}
     * @param <T>      the type of the future's result
     */
    public static <T> void whenDone(CompletableFuture<T> future, Consumer<? super Outcome<T>> callback) {
        // >>> SOLUTION DoneCallbacks.whenDone
        // Arrange for the callback to be called once, when the future is done, with the outcome the contract
        // describes for each of the three ways a future can end.
        future.whenComplete((value, error) -> callback.accept(switch (future.state()) {
            case CANCELLED -> new Cancelled<>();
            case FAILED -> new Raised<>(future.exceptionNow());
            default -> new Returned<>(value);
        }));
        // <<< SOLUTION
    }
}
