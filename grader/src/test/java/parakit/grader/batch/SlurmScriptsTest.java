package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sbatch scripts rendered from slurm/templates/, checked without a cluster: every placeholder filled,
 * the options where Slurm reads them, valid bash. (SlurmBatchTest runs them on a real one.)
 */
class SlurmScriptsTest {

    @TempDir
    Path temp;

    private Map<String, List<Task>> write(SlurmBackend.Settings settings, List<Task> tasks) {
        return new SlurmBackend(temp.resolve("out/slurm"), settings, Duration.ofSeconds(45), SlurmBackend.Mode.WAIT,
                List.of("/class", "--out", temp.resolve("out").toString(), "--backend", "slurm", "--attach", "--quiet"),
                () -> ClusterLimits.UNKNOWN) // no cluster asked: the scripts alone are checked here
                .writeScripts(tasks);
    }

    private Task task(String student, String part, String... questions) {
        return new Task(student, part, temp.resolve("class/" + student), List.of(questions),
                temp.resolve("out/results/parts/" + student + "." + part + ".json"));
    }

    @Test
    void mainAndDedicatedArraysGetTheirOwnScriptsWithTheAllocationPassedToTheJvm() throws Exception {
        SlurmBackend.Settings s = new SlurmBackend.Settings(2, 3000, 20, 7, "teaching", "cs101", "short",
                "/opt/jdk/bin/java", "module load java/21", true, 0, 10);
        Map<String, List<Task>> parts = write(s, List.of(task("alice", Task.MAIN, "threading.Counter", "threading.Event"),
                task("bob", Task.MAIN, "threading.Counter", "threading.Event"),
                task("alice", Task.DEDICATED, "multiprocessing.PoolMap")));

        assertThat(parts).containsOnlyKeys(Task.MAIN, Task.DEDICATED);
        Path dir = temp.resolve("out/slurm");
        String main = Files.readString(dir.resolve("grade-main.sbatch"));
        assertThat(main).doesNotContain("@@")
                .contains("#SBATCH --array=0-1%7", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=3000M", "#SBATCH --time=20",
                        "#SBATCH --partition=teaching", "#SBATCH --account=cs101", "#SBATCH --qos=short",
                        "#SBATCH --oversubscribe", "module load java/21", "'/opt/jdk/bin/java' -XX:TieredStopAtLevel=1 -Xmx750m",
                        "-XX:ActiveProcessorCount=\"$cpus\"", "cpus=\"$SLURM_CPUS_PER_TASK\"",
                        // one submission a task: its own limit inside, a minute more for the JVM as the backstop
                        "first=$((SLURM_ARRAY_TASK_ID * 1))", "--limit 45 ", "timeout --kill-after=10 105 ",
                        "grade-tasks")
                .doesNotContain("#SBATCH --exclusive");
        String dedicated = Files.readString(dir.resolve("grade-dedicated.sbatch"));
        assertThat(dedicated).as("speedup checks: a whole node, never shared").doesNotContain("@@")
                .contains("#SBATCH --exclusive", "#SBATCH --array=0-0%7", "SLURM_CPUS_ON_NODE",
                        "first=$((SLURM_ARRAY_TASK_ID * 10))", "timeout --kill-after=10 510 ")
                .doesNotContain("#SBATCH --oversubscribe");
        assertThat(dir.resolve("tasks-main.tsv")).content().isEqualTo(
                "alice\tmain\t" + temp.resolve("class/alice") + "\t" + temp.resolve("out/results/parts/alice.main.json")
                        + "\tthreading.Counter,threading.Event\n"
                        + "bob\tmain\t" + temp.resolve("class/bob") + "\t" + temp.resolve("out/results/parts/bob.main.json")
                        + "\tthreading.Counter,threading.Event\n");
        assertThat(Files.readAllLines(dir.resolve("tasks-dedicated.tsv")).stream().map(Task::fromListLine))
                .as("the task list read back").containsExactly(parts.get(Task.DEDICATED).toArray(Task[]::new));
        assertThat(dir.resolve("aggregate.sbatch")).content().doesNotContain("@@")
                .contains("parakit.grader.cli.Main batch '/class' '--out'", "'--attach'");
        for (String script : List.of("grade-main.sbatch", "grade-dedicated.sbatch", "aggregate.sbatch")) {
            Process p = new ProcessBuilder("bash", "-n", dir.resolve(script).toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as(script + " is valid bash: " + out).isTrue();
        }
    }

    @Test
    void optionalDirectivesAreLeftOutWhenNotGiven() throws Exception {
        write(new SlurmBackend.Settings(1, 1024, 5, 0, null, "", null, "java", "", false, 0, 1),
                List.of(task("carol", Task.MAIN, "threading.Counter")));
        assertThat(temp.resolve("out/slurm/grade-main.sbatch")).content().contains("#SBATCH --array=0-0\n")
                .doesNotContain("#SBATCH --partition", "#SBATCH --account", "#SBATCH --qos", "#SBATCH --oversubscribe",
                        "#SBATCH --exclusive");
    }

    @Test
    void speedupChecksMayTakeWholeCoresInsteadOfAWholeNode() throws Exception {
        write(new SlurmBackend.Settings(1, 1024, 5, 0, null, null, null, "java", "", true, 4, 3),
                List.of(task("dan", Task.DEDICATED, "multiprocessing.PoolMap")));
        assertThat(temp.resolve("out/slurm/grade-dedicated.sbatch")).content()
                .contains("#SBATCH --cpus-per-task=4\n", "#SBATCH --hint=nomultithread", "cpus=\"$SLURM_CPUS_PER_TASK\"")
                .doesNotContain("#SBATCH --exclusive", "#SBATCH --oversubscribe");
    }

    @Test
    void theDedicatedArrayHasATaskPerGroupOfSubmissions() throws Exception {
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tasks.add(task("s" + i, Task.DEDICATED, "multiprocessing.PoolMap"));
        }
        write(new SlurmBackend.Settings(1, 1024, 5, 0, null, null, null, "java", "", false, 0, 10), tasks);
        assertThat(temp.resolve("out/slurm/grade-dedicated.sbatch")).as("25 submissions, 10 a task").content()
                .contains("#SBATCH --array=0-2\n", "first=$((SLURM_ARRAY_TASK_ID * 10))", "last=$((first + 10 - 1))");
        assertThatThrownBy(() -> new SlurmBackend.Settings(1, 1024, 5, 0, null, null, null, "java", "", false, 0, 0))
                .hasMessageContaining("dedicatedPerTask");
    }

    @Test
    void theSitesArrayLimitPacksSubmissionsIntoFewerTasks() throws Exception {
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(task("p" + i, Task.MAIN, "threading.Counter"));
        }
        new SlurmBackend(temp.resolve("out/slurm"), new SlurmBackend.Settings(1, 1024, 5, 0, null, null, null, "java",
                "", false, 0, 1), Duration.ofSeconds(45), SlurmBackend.Mode.WAIT, List.of("/class"),
                () -> new ClusterLimits(3, -1, 0)).writeScripts(tasks);
        assertThat(temp.resolve("out/slurm/grade-main.sbatch")).as("5 submissions, MaxArraySize 3").content()
                .contains("#SBATCH --array=0-2\n");
    }

    @Test
    void aTaskLineWithTheWrongFieldsIsRefusedWithWhatItHas() {
        assertThatThrownBy(() -> Task.fromListLine("alice\t/class/alice\tthreading.Counter"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 tab-separated fields")
                .hasMessageContaining("not 3");
        assertThatThrownBy(() -> task("tab\there", Task.MAIN, "threading.Counter").toListLine())
                .hasMessageContaining("tab\\there");
    }

    @Test
    void aTemplatePlaceholderWithoutAValueIsReportedByName() {
        assertThatThrownBy(() -> SlurmBackend.render("aggregate.sbatch", Map.of()))
                .hasMessageContaining("@@").hasMessageContaining("slurm/templates/aggregate.sbatch");
    }
}
