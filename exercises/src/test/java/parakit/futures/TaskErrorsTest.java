package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q6 (TaskErrors). The grader runs more, hidden, ones. */
@Timeout(10)
class TaskErrorsTest {

    @Test
    @Hint("result() returns what the task returned, and exception() returns null for a task that did not throw: see "
            + "the lesson's Q6 task.")
    @DisplayName("a task that returns: result() gives its value, exception() gives null")
    void aTaskThatReturns() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> f = pool.submit(() -> 6 * 7);
            assertThat(TaskErrors.result(f)).as("result() of a task that returned 42").isEqualTo(42);
            assertThat(TaskErrors.exception(f)).as("exception() of a task that returned").isNull();
        }
    }

    @Test
    @Hint("The task's own exception must come back, the same object, not the ExecutionException that get() wraps it "
            + "in: see the lesson's Q6 on ExecutionException and its cause.")
    @DisplayName("a task that throws: result() throws its exception, exception() returns it")
    void aTaskThatThrows() throws Exception {
        IOException failure = new IOException("the value 5 is no good");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> f = pool.submit(() -> {
                throw failure;
            });
            assertThat(TaskErrors.exception(f)).as("exception() of a task that threw an IOException").isSameAs(failure);
            assertThat(catchThrowable(() -> TaskErrors.result(f))).as("what result() threw for a task that threw an "
                    + "IOException").isSameAs(failure);
        }
    }
}
