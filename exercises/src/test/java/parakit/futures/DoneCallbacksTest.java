package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.futures.DoneCallbacks.Cancelled;
import parakit.futures.DoneCallbacks.Outcome;
import parakit.futures.DoneCallbacks.Raised;
import parakit.futures.DoneCallbacks.Returned;
import parakit.support.Hint;

/**
 * Public tests for futures Q4 (DoneCallbacks). The grader runs more, hidden ones. These check what a callback is
 * told; they wait (up to 2 s) for a callback to run, so they judge the outcome alone. Where and when it runs (the
 * completing thread, the caller for a future already done) is for the hidden tests.
 */
@Timeout(10)
class DoneCallbacksTest {

    /** The first {@code n} outcomes told, each waited for up to 2 s; fewer if the callback stopped being called. */
    private static List<Outcome<Integer>> first(BlockingQueue<Outcome<Integer>> told, int n)
            throws InterruptedException {
        List<Outcome<Integer>> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Outcome<Integer> next = told.poll(2, TimeUnit.SECONDS);
            if (next == null) {
                break;
            }
            got.add(next);
        }
        return got;
    }

    @Test
    @Hint("The callback runs when the future is done, whatever the reason, and is told which: see the lesson's "
            + "DoneCallbacks section on the three ways a future ends.")
    @DisplayName("a callback is told a result, an exception or a cancellation")
    void theCallbackIsToldHowTheFutureEnded() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("boom");
        List<CompletableFuture<Integer>> futures = List.of(new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>());
        List<Outcome<Integer>> expected = List.of(new Returned<>(5), new Raised<>(boom), new Cancelled<>());
        List<BlockingQueue<Outcome<Integer>>> told = new ArrayList<>();
        for (CompletableFuture<Integer> f : futures) {
            BlockingQueue<Outcome<Integer>> mine = new LinkedBlockingQueue<>();
            told.add(mine);
            DoneCallbacks.whenDone(f, mine::add);
        }
        assertThat(told).as("outcomes told before any future was done").allMatch(BlockingQueue::isEmpty);
        futures.get(0).complete(5);
        futures.get(1).completeExceptionally(boom);
        futures.get(2).cancel(false);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(first(told.get(i), 1)).as("outcome told by a future that %s",
                    List.of("returned 5", "failed with boom", "was cancelled").get(i)).containsExactly(expected.get(i));
        }
    }

    @Test
    @Hint("A callback added to a future that is already done still runs, once: see the Javadoc of whenDone.")
    @DisplayName("a callback added after completion still runs, once")
    void aCallbackAddedAfterCompletionStillRuns() throws InterruptedException {
        BlockingQueue<Outcome<Integer>> told = new LinkedBlockingQueue<>();
        DoneCallbacks.whenDone(CompletableFuture.completedFuture(42), told::add);
        assertThat(first(told, 1)).as("outcomes told by a future that had already returned 42")
                .containsExactly(new Returned<>(42));
        assertThat(told).as("outcomes told after the first (a callback runs once)").isEmpty();
    }
}
