package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for futures Q2 (FutureState). The grader runs more, hidden ones. */
@Timeout(10)
class FutureStateTest {

    @Test
    @Hint("Each of a Future's states has its own description: see the Javadoc of describe and the lesson's "
            + "FutureState section.")
    @DisplayName("describe tells a result, an exception and a cancellation apart")
    void describesEachFinishedState() {
        assertThat(FutureState.describe(CompletableFuture.completedFuture(0.5)))
                .as("describe of a future completed with 0.5").isEqualTo("finished returned 0.5");
        assertThat(FutureState.describe(CompletableFuture.failedFuture(new IllegalStateException("boom"))))
                .as("describe of a future that failed with IllegalStateException(\"boom\")")
                .isEqualTo("finished raised java.lang.IllegalStateException: boom");
        CompletableFuture<Integer> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        assertThat(FutureState.describe(cancelled)).as("describe of a cancelled future").isEqualTo("cancelled");
        assertThat(FutureState.describe(new CompletableFuture<>())).as("describe of a future not completed yet")
                .isEqualTo("running");
    }

    @Test
    @Hint("before is described right after submit, while the task still runs; after, once the result is there: see "
            + "the lesson's FutureState section.")
    @DisplayName("submitAndWait sees the future running, then finished")
    void submitAndWaitSeesRunningThenFinished() throws InterruptedException, ExecutionException {
        CountDownLatch release = new CountDownLatch(1);
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100); // long enough for submitAndWait to have described the future before the task ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            FutureState.Trace<Double> trace = FutureState.submitAndWait(pool, () -> {
                release.await(3, TimeUnit.SECONDS);
                return 0.5;
            });
            assertThat(trace.before()).as("the future right after submit").isEqualTo("running");
            assertThat(trace.result()).as("the result").isEqualTo(0.5);
            assertThat(trace.after()).as("the future after its result").isEqualTo("finished returned 0.5");
        }
        releaser.join();
    }
}
