package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    private static final List<String> COUNTER = List.of("-q", "threading.Counter");

    private Batch batch(Backend backend) {
        return new Batch(backend, Fixtures.questions("threading.Counter"), "test", QUIET, true);
    }

    private static SlurmBackend slurm(Path cls, Path out, SlurmBackend.Mode mode, int timeMinutes, Duration limit,
                                      String taskSetup) {
        List<String> collect = new ArrayList<>(List.of(cls.toString(), "--out", out.toString(), "--backend", "slurm",
                "--attach", "--quiet"));
        collect.addAll(COUNTER);
        return new SlurmBackend(out.resolve("slurm"), new SlurmBackend.Settings(1, 1024, timeMinutes, 0, null, null, null,
                SlurmBackend.Settings.thisJava(), taskSetup, false, 0, 10), limit, mode, collect);
    }

    /** A class of five: a right, an untouched, a wrong and a hostile submission, and an empty folder. */
    private Path classOfFive() {
        Path root = Fixtures.root();
        Path cls = temp.resolve("class");
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("alice/src"));
        Fixtures.copyTree(root.resolve("exercises/src/main"), cls.resolve("bob/src/main"));
        Fixtures.solutionsWithCorpusCase("threading/counter-increment-without-lock", cls.resolve("carol"));
        Fixtures.solutionsWith(root.resolve("grader/src/test/resources/hostile/exit-in-static-initializer"),
                cls.resolve("mallory"));
        try {
            Files.createDirectories(cls.resolve("dave"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return cls;
    }

    @Test
    void aDetachedBatchIsCompletedByTheAggregationJobWithTheSameGradebookAsTheLocalBackend() throws Exception {
        Path cls = classOfFive();
        Path local = temp.resolve("local");
        batch(new LocalBackend(2, Duration.ofMinutes(3), temp.resolve("work"))).run(cls, local, false);

        Path onSlurm = temp.resolve("slurm");
        Batch.Summary s = batch(slurm(cls, onSlurm, SlurmBackend.Mode.DETACH, 5, Duration.ofMinutes(3), ""))
                .run(cls, onSlurm, false);
        assertThat(s.pending()).as("submissions handed to Slurm").isEqualTo(4);
        assertThat(onSlurm.resolve("gradebook.csv")).as("gradebook before the aggregation job ran").doesNotExist();
        String aggregate = Files.readAllLines(onSlurm.resolve("slurm/job-ids.txt")).stream()
                .filter(l -> l.startsWith("aggregate ")).findFirst().orElseThrow().substring("aggregate ".length());
        awaitGone(aggregate, Duration.ofMinutes(5));

        assertThat(onSlurm.resolve("gradebook.csv")).as("gradebook written by the aggregation job")
                .hasSameTextualContentAs(local.resolve("gradebook.csv"));
        // The local cluster's MaxArraySize is 3 (indexes 0-2): four submissions are packed two per array task.
        assertThat(onSlurm.resolve("slurm/job-ids.txt")).content().containsPattern("(?m)^main \\d+ 2$");
        assertThat(onSlurm.resolve("slurm/grade-main.sbatch")).content().contains("#SBATCH --array=0-1")
                .contains("-XX:ActiveProcessorCount=\"$cpus\"").doesNotContain("@@");
        assertThat(onSlurm.resolve("slurm/aggregate.sbatch")).content().contains("--attach");
        String alice = Files.readString(onSlurm.resolve("results/alice.json"));
        assertThat(alice).as("where alice was graded").contains("\"array_job_id\"").contains("\"cpuModel\"");
    }

    @Test
    void tasksStoppedByTheirLimitByTimeOrByScancelAreReportedWithTheReasonAndGradedOnTheNextRun() throws Exception {
        Path root = Fixtures.root();
        Path cls = temp.resolve("class");
        // mallory's grading spins for longer than the 25 s limit enforced inside the task (two of Counter's tests wait out their 10 s limit, others their 3 s bounds);
        Fixtures.solutionsWith(root.resolve("grader/src/test/resources/hostile/spins-ignoring-interrupts"),
                cls.resolve("mallory"));
        // trent's task is stuck on a slow node (the set-up line sleeps) until Slurm's 1-minute limit kills it;
        Fixtures.solutionsWith(null, cls.resolve("trent"));
        // victor's task is stuck too, and cancelled with scancel by this test once it runs.
        Fixtures.solutionsWith(null, cls.resolve("victor"));
        Path out = temp.resolve("out");
        String stuck = "case \"$SLURM_ARRAY_TASK_ID\" in 1|2) sleep 600 ;; esac";

        AtomicReference<String> cancelled = new AtomicReference<>();
        Thread canceller = Thread.ofPlatform().name("canceller").start(() -> {
            try {
                for (int i = 0; i < 600 && cancelled.get() == null; i++) {
                    Thread.sleep(500);
                    Process q = new ProcessBuilder("squeue", "-h", "-r", "-n", "parakit-grade-main", "-t", "RUNNING",
                            "-o", "%i").start();
                    String ids = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    q.waitFor(10, TimeUnit.SECONDS);
                    String victor = ids.lines().map(String::trim).filter(id -> id.endsWith("_2")).findFirst().orElse(null);
                    if (victor != null) {
                        new ProcessBuilder("scancel", victor).start().waitFor(10, TimeUnit.SECONDS);
                        cancelled.set(victor);
                    }
                }
            } catch (Exception e) {
                cancelled.set("error: " + e);
            }
        });
        Batch.Summary first = batch(slurm(cls, out, SlurmBackend.Mode.WAIT, 1, Duration.ofSeconds(25), stuck))
                .run(cls, out, false);
        canceller.join(10_000);
        assertThat(cancelled.get()).as("task cancelled by the test").isNotNull().doesNotStartWith("error");
        assertThat(first.failed()).as("tasks that ended without a result").isEqualTo(3);
        Map<String, String> rows = rows(out);
        assertThat(rows.get("mallory")).startsWith("mallory,failed,0,").contains("longer than 25 s");
        assertThat(rows.get("trent")).startsWith("trent,failed,0,").contains("TIMEOUT");
        assertThat(rows.get("victor")).startsWith("victor,failed,0,").contains("CANCELLED");

        // mallory fixes her code; the next run, on healthy nodes, grades exactly the three that failed.
        Files.copy(root.resolve("solutions/src/main/java/parakit/threading/Counter.java"),
                cls.resolve("mallory/src/main/java/parakit/threading/Counter.java"), StandardCopyOption.REPLACE_EXISTING);
        Batch.Summary second = batch(slurm(cls, out, SlurmBackend.Mode.WAIT, 5, Duration.ofMinutes(3), ""))
                .run(cls, out, false);
        assertThat(second.graded()).isEqualTo(3);
        assertThat(rows(out).values()).allSatisfy(row -> assertThat(row).contains(",graded,7,"));
    }

    /**
     * The cluster question's last hidden test submits the student's script to a real Slurm and reads the job's
     * output. Confined test JVMs cannot reach slurmctld (own network namespace: INCONCLUSIVE, by design); graded
     * unconfined beside the local cluster, the reference script must earn every point, so that hidden test can
     * pass, and does for the reference.
     */
    @Test
    void theClusterQuestionsReferenceScriptRunsOnTheLocalClusterForFullMarks() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path json = temp.resolve("cluster.json");
        Fixtures.ProgramRun run = Fixtures.runProgram(temp, Duration.ofMinutes(4), "env", "PARAKIT_OS_CONFINEMENT=off",
                java, "-cp", System.getProperty("java.class.path"), "parakit.grader.cli.Main", "grade",
                Fixtures.root().resolve("solutions").toString(), "-q", "cluster.BatchScript", "--json", json.toString());
        assertThat(run.code()).as("parakit grade solutions -q cluster.BatchScript: %s", run.out()).isZero();
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertThat(report.path("tests")).as("tests of cluster.BatchScript").isNotEmpty()
                .allSatisfy(t -> assertThat(t.path("status").asText()).as("%s: %s", t.path("id").asText(),
                        t.path("message").asText()).isEqualTo("PASSED"));
        assertThat(report.path("score").asInt()).as("score of the reference script")
                .isEqualTo(report.path("maxScore").asInt()).isPositive();
    }

    private static Map<String, String> rows(Path out) throws IOException {
        return Files.readAllLines(out.resolve("gradebook.csv")).stream().skip(1)
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(',')), l -> l));
    }

    /** Waits until the job has left the queue. */
    private static void awaitGone(String job, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder("squeue", "-h", "-j", job, "-o", "%i").redirectErrorStream(true).start();
            String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            q.waitFor(10, TimeUnit.SECONDS);
            if (out.isEmpty() || out.contains("Invalid job id")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + job + " still in the queue after " + limit.toSeconds() + " s");
    }
}
