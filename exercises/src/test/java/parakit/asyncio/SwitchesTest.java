package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q1 (Switches). The grader runs more, hidden, ones. */
@Timeout(10)
class SwitchesTest {

    @Test
    @Hint("At a switch point a task hands the rest of its work to the loop, which queues it behind the other "
            + "task: see the lesson's Switches section.")
    void linesInterleaveAtTheSwitchPoints() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
            Switches.start(loop, line -> {
                threads.add(Thread.currentThread());
                lines.add(line);
            }).get(2, TimeUnit.SECONDS);
        }
        assertThat(lines).as("lines printed by foo and bar on a one-thread loop").isEqualTo(Switches.EXPECTED);
        assertThat(threads).as("threads that printed the lines (the loop's, never the caller's)")
                .doesNotContain(Thread.currentThread());
    }

    @Test
    @Hint("run is asyncio.run: a loop of its own, the two tasks on it, and the loop shut down at the end: see the "
            + "lesson's Switches section.")
    void runPrintsTheLinesOnALoopOfItsOwn() {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Switches.run(line -> {
            threads.add(Thread.currentThread());
            lines.add(line);
        });
        assertThat(lines).as("lines printed by run").isEqualTo(Switches.EXPECTED);
        assertThat(threads).as("threads that printed the lines (the new loop's)").doesNotContain(Thread.currentThread());
    }
}
