package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.futures.DoneCallbacks.Cancelled;
import parakit.futures.DoneCallbacks.Outcome;
import parakit.futures.DoneCallbacks.Raised;
import parakit.futures.DoneCallbacks.Returned;
import parakit.support.Hint;

/** Public tests for futures Q4 (DoneCallbacks). The grader runs more, hidden ones. */
@Timeout(10)
class DoneCallbacksTest {

    @Test
    @Hint("The callback runs when the future is done, whatever the reason, and is told which: see the lesson's "
            + "DoneCallbacks section on the three ways a future ends.")
    @DisplayName("a callback is told a result, an exception or a cancellation")
    void theCallbackIsToldHowTheFutureEnded() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<CompletableFuture<Integer>> futures = List.of(new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>());
        List<Outcome<Integer>> told = new ArrayList<>();
        for (CompletableFuture<Integer> f : futures) {
            DoneCallbacks.whenDone(f, told::add);
        }
        assertThat(told).as("outcomes told before any future was done").isEmpty();
        futures.get(0).complete(5);
        futures.get(1).completeExceptionally(boom);
        futures.get(2).cancel(false);
        assertThat(told).as("outcomes told by a future that returned 5, one that failed and one cancelled")
                .containsExactly(new Returned<>(5), new Raised<>(boom), new Cancelled<>());
    }

    @Test
    @Hint("A callback added to a future that is already done still runs, once: see the Javadoc of whenDone.")
    @DisplayName("a callback added after completion still runs, once")
    void aCallbackAddedAfterCompletionStillRuns() {
        List<Outcome<Integer>> told = new ArrayList<>();
        DoneCallbacks.whenDone(CompletableFuture.completedFuture(42), told::add);
        assertThat(told).as("outcomes told by a future that had already returned 42").containsExactly(new Returned<>(42));
    }
}
