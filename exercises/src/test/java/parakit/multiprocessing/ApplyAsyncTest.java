package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.multiprocessing.ApplyAsync.RemoteFunction;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q7 (ApplyAsync). The grader runs more, hidden ones. */
@Timeout(30)
class ApplyAsyncTest {

    /** Child JVMs start small and fast; JVM warnings go to standard error, never into the answer on standard output. */
    private static final ApplyAsync.Launcher LAUNCHER = (builder, main, args) -> ChildJvm.start(builder, main,
            List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr"),
            args);

    @Test
    @Hint("The call runs in a child JVM: the function and its arguments are serialized to it, the result comes "
            + "back the same way. See the lesson's Q7.")
    @DisplayName("doubler with [25] gives 50, computed in another process")
    void doublerRunsInAnotherProcess() throws Exception {
        RemoteFunction<List<Long>> doubler = args -> List.of(((Integer) args.get(0)) * 2L,
                ProcessHandle.current().pid());
        Future<List<Long>> result = ApplyAsync.applyAsync(LAUNCHER, doubler, List.of(25));
        List<Long> answer = result.get(20, TimeUnit.SECONDS);
        assertThat(answer.get(0)).as("doubler(25) computed by the child").isEqualTo(50L);
        assertThat(answer.get(1)).as("pid of the process that ran doubler (another process, not this JVM)")
                .isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    @Hint("The arguments are a sequence of positional arguments; a bare value is not one, and the error shows "
            + "where the result would. See the lesson's Q7.")
    @DisplayName("a bare 25 instead of a sequence fails from get(), not from applyAsync")
    void aBareValueFailsFromGet() {
        RemoteFunction<Integer> doubler = args -> ((Integer) args.get(0)) * 2;
        Future<Integer> result = ApplyAsync.applyAsync(LAUNCHER, doubler, 25);
        Throwable thrown = catchThrowable(() -> result.get(20, TimeUnit.SECONDS));
        assertThat(thrown).as("what get() throws for applyAsync(doubler, 25)").isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).as("the cause: 25 is not a sequence of arguments")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
