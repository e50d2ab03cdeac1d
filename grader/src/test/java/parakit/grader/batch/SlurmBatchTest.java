package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;

/**
 * Batch grading on a real Slurm: the single-node cluster of slurm/local/up.sh (installed from Debian
 * packages when missing). Skipped, with the reason, where it cannot be started (not root, no apt, no
 * network for packages); never skipped silently.
 */
class SlurmBatchTest {

    private static boolean startedHere;

    @TempDir
    Path temp;

    @BeforeAll
    static void cluster() throws Exception {
        boolean wasUp = run("slurm/local/status.sh").exit() == 0;
        Result up = run("slurm/local/up.sh");
        Assumptions.assumeTrue(up.exit() == 0, () -> "SKIPPED: no local Slurm could be started: " + up.output());
        startedHere = !wasUp;
    }

    @AfterAll
    static void stop() throws Exception {
        if (startedHere) {
            run("slurm/local/down.sh");
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", Fixtures.root().resolve(script).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, script + " did not finish in 300 s: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Batch batch(Backend backend) {
        return new Batch(backend, Fixtures.questions("threading.Counter"), "test", QUIET, true);
    }

    private SlurmBackend slurm(Path out) {
        return new SlurmBackend(out.resolve("slurm"), new SlurmBackend.Settings(1, 1024, 5, 0, null, null, null),
                Duration.ofMinutes(3), List.of("-q", "threading.Counter"));
    }

    @Test
    void slurmGivesTheSameGradebookAsTheLocalBackend() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("alice/src"));
        Fixtures.copyTree(root.resolve("exercises/src/main"), cls.resolve("bob/src/main"));
        Files.createDirectories(cls.resolve("dave"));

        Path local = temp.resolve("local");
        batch(new LocalBackend(2, Duration.ofMinutes(3), List.of("-q", "threading.Counter"))).run(cls, local, false);
        Path onSlurm = temp.resolve("slurm");
        Batch.Summary s = batch(slurm(onSlurm)).run(cls, onSlurm, false);

        assertThat(s.graded()).isEqualTo(2);
        assertThat(onSlurm.resolve("gradebook.csv")).hasSameTextualContentAs(local.resolve("gradebook.csv"));
        assertThat(onSlurm.resolve("slurm/grade-array.sbatch")).content().contains("#SBATCH --array=0-1")
                .contains("-XX:ActiveProcessorCount=\"$SLURM_CPUS_PER_TASK\"");
        // The aggregation job ran after the whole array (afterany).
        Path aggregated = onSlurm.resolve("slurm/aggregated.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(aggregated) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(aggregated).as("output of the aggregation job").exists();
    }

    @Test
    void aCancelledTaskIsReportedWithItsReasonAndGradedOnTheNextRun() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Path hostile = root.resolve("grader/src/test/resources/hostile/spins-ignoring-interrupts");
        Fixtures.solutionsWith(hostile, cls.resolve("mallory"));
        Path out = temp.resolve("out");

        AtomicReference<String> cancelled = new AtomicReference<>();
        Thread canceller = Thread.ofPlatform().name("canceller").start(() -> {
            try {
                for (int i = 0; i < 240 && cancelled.get() == null; i++) {
                    Thread.sleep(500);
                    Process q = new ProcessBuilder("squeue", "-h", "-r", "-n", "parakit-grade", "-t", "RUNNING", "-o", "%i")
                            .start();
                    String ids = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    q.waitFor(10, TimeUnit.SECONDS);
                    if (!ids.isEmpty()) {
                        Thread.sleep(2000); // let the grader get going inside the task
                        new ProcessBuilder("scancel", ids.lines().findFirst().orElseThrow()).start().waitFor(10, TimeUnit.SECONDS);
                        cancelled.set(ids);
                    }
                }
            } catch (Exception e) {
                cancelled.set("error: " + e);
            }
        });
        Batch.Summary first = batch(slurm(out)).run(cls, out, false);
        canceller.join(10_000);
        assertThat(cancelled.get()).as("task cancelled by the test").isNotNull().doesNotStartWith("error");
        assertThat(first.failed()).isEqualTo(1);
        String row = Files.readAllLines(out.resolve("gradebook.csv")).get(1);
        assertThat(row).startsWith("mallory,failed,0,").contains("CANCELLED");

        // The student fixes the code; the next run grades only what failed.
        Files.copy(root.resolve("solutions/src/main/java/parakit/threading/Counter.java"),
                cls.resolve("mallory/src/main/java/parakit/threading/Counter.java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Batch.Summary second = batch(slurm(out)).run(cls, out, false);
        assertThat(second.graded()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("gradebook.csv")).get(1)).startsWith("mallory,graded,7,");
    }
}
