package parakit.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.futures.ProcessPool.BrokenPoolException;
import parakit.futures.ProcessPool.Launcher;
import parakit.futures.ProcessPool.RemoteTask;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q8 (ProcessPool). The grader runs more, hidden ones. */
@Timeout(30)
class ProcessPoolTest {

    private final List<Process> launched = Collections.synchronizedList(new ArrayList<>());

    /** Worker JVMs start small and fast; JVM warnings go to standard error, never into the answers on standard output. */
    private final Launcher launcher = (builder, main, args) -> {
        Process p = ChildJvm.start(builder, main, List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Xlog:disable", "-Xlog:all=warning:stderr"), args);
        launched.add(p);
        return p;
    };

    @Test
    @Hint("The tasks run in the pool's worker processes, which are reused task after task, and close() ends "
            + "them: see the lesson's Q8.")
    @DisplayName("four tasks on two workers run in at most two other processes, all ended by close()")
    void tasksRunInReusedWorkerProcesses() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (ProcessPool pool = new ProcessPool(launcher, 2)) {
            RemoteTask<Long> pid = () -> ProcessHandle.current().pid();
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(pid));
            }
            for (Future<Long> f : futures) {
                pids.add(f.get(20, TimeUnit.SECONDS));
            }
        }
        assertThat(pids).as("pids the four tasks ran in (the workers', not this JVM's)")
                .doesNotContain(ProcessHandle.current().pid());
        assertThat(pids.stream().distinct().count()).as("distinct worker pids for 4 tasks on 2 workers")
                .isBetween(1L, 2L);
        // Ended by close(), looked at with a little patience: whether close() also waits for them to end (it must)
        // is a hidden test's concern, checked there without a race.
        for (Process p : launched) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(launched).as("worker processes alive 10 s after close()").noneMatch(Process::isAlive);
    }

    @Test
    @Hint("A worker process that dies breaks the pool: its task and every later one fail with "
            + "BrokenPoolException from get(). See the lesson's Q8 on the broken pool.")
    @DisplayName("a task that calls System.exit breaks the pool")
    void aWorkerThatExitsBreaksThePool() throws Exception {
        try (ProcessPool pool = new ProcessPool(launcher, 1)) {
            Future<Integer> exiting = pool.submit(() -> {
                System.exit(3);
                return 0;
            });
            Throwable thrown = catchThrowable(() -> exiting.get(20, TimeUnit.SECONDS));
            assertThat(thrown).as("what get() throws for a task whose worker exited")
                    .isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).as("its cause").isInstanceOf(BrokenPoolException.class);
            Future<Integer> later = pool.submit(() -> 42);
            assertThat(catchThrowable(() -> later.get(20, TimeUnit.SECONDS)).getCause())
                    .as("cause of get()'s exception for a task submitted to the broken pool")
                    .isInstanceOf(BrokenPoolException.class);
        }
    }
}
