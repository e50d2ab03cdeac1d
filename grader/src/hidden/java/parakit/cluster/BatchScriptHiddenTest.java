package parakit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Inconclusive;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.support.Hint;
import parakit.support.SlurmScript;

/**
 * Hidden tests for Q1. All but the last read the script as sbatch reads it, without a cluster (directives before
 * the first command, sbatch's time formats, the words that reach srun, found by running the script with sh and a
 * stand-in srun). The last submits the script to a real Slurm and reads the job's output; where no Slurm can be
 * reached from the test JVM (none installed, its daemons down, or the grader's OS confinement, whose network
 * namespace has no route to slurmctld and no munge socket), it ends without a verdict ({@link Inconclusive}).
 */
@Question(section = "cluster", number = 1, title = "A batch job on a Slurm cluster", timeoutSeconds = 60,
        needs = "a Slurm cluster reachable from the test JVM (sinfo, sbatch)")
class BatchScriptHiddenTest {

    private static final List<String> COMMAND = List.of("java", "-cp", "/opt/kit/classes", "parakit.cluster.Hello");

    private static SlurmScript script(int nodes, String partition) {
        return SlurmScript.of(BatchScript.script(nodes, partition, COMMAND));
    }

    @Test
    @Points(2)
    @Hint("Each directive asks for one resource: how many nodes (-N), which partition (-p). See the lesson's Q1 on "
            + "the directives.")
    void theDirectivesAskForTheNodesAndThePartitionOnce() {
        for (int nodes : new int[] {1, 2, 16}) {
            for (String partition : List.of("normal", "broadwell")) {
                SlurmScript s = script(nodes, partition);
                assertThat(s.option('N', "nodes")).as("node counts asked for by script(" + nodes + ", " + partition
                        + ", ...)").containsExactly(String.valueOf(nodes));
                assertThat(s.option('p', "partition")).as("partitions asked for by script(" + nodes + ", "
                        + partition + ", ...)").containsExactly(partition);
            }
        }
    }

    @Test
    @Points(2)
    @Hint("sbatch reads a time limit in a few formats, and the same digits mean different times in them (a single "
            + "number is minutes; with one colon the first number is still minutes). See the lesson's Q1 on the "
            + "time limit.")
    void theTimeLimitIsTenMinutesInAFormatSbatchReads() {
        List<String> times = script(1, "normal").option('t', "time");
        assertThat(times).as("time limits asked for (one)").hasSize(1);
        assertThat(SlurmScript.timeLimit(times.getFirst())).as("the wall-clock limit that -t " + times.getFirst()
                + " asks for (sbatch's formats)").isEqualTo(Duration.ofMinutes(BatchScript.MINUTES));
    }

    @Test
    @Points(2)
    @Hint("sbatch needs an interpreter line first and reads #SBATCH lines only until the first command: what comes "
            + "after it is an ordinary comment. See the lesson's Q1 on the script's layout.")
    void sbatchReadsEveryDirectiveAndTheScriptHasOneCommand() {
        SlurmScript s = script(2, "normal");
        assertThat(s.firstLine()).as("first line of the script").isEqualTo("#!/bin/sh");
        assertThat(s.ignoredDirectives()).as("#SBATCH lines after the first command (sbatch ignores them)")
                .isEmpty();
        assertThat(s.directives()).as("directives sbatch reads").hasSizeGreaterThanOrEqualTo(3);
        assertThat(s.commands()).as("command lines of the script (one: srun and the program)").hasSize(1);
        assertThat(s.commands().getFirst()).as("the command line").startsWith("srun ");
    }

    @Test
    @Points(2)
    @Hint("Each element of the command is one word for the program, whatever characters it holds: the shell must "
            + "see it quoted so that it neither splits nor expands it. See the lesson's Q1 on quoting.")
    void everyWordOfTheCommandReachesSrunUnchanged(@TempDir Path dir) throws Exception {
        List<String> command = List.of("/opt/my jdk/bin/java", "-cp", "classes:lib/*", "parakit.Main", "it's",
                "say \"hi\"", "$HOME", "a\\b", "", "x;y", "`id`", "$(id)", "*", "~", "tab\there");
        String text = BatchScript.script(1, "normal", command);
        assertThat(SlurmScript.srunCalls(text, dir)).as("the words the script passes to srun for " + command)
                .containsExactly(command);
    }

    @Test
    @Hint("A job needs at least one node, a partition name without white space, and a command. See the Javadoc.")
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> BatchScript.script(0, "normal", COMMAND)).as("0 nodes")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchScript.script(-1, "normal", COMMAND)).as("-1 nodes")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchScript.script(1, "", COMMAND)).as("an empty partition")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchScript.script(1, "two words", COMMAND)).as("partition \"two words\"")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchScript.script(1, "tab\tbed", COMMAND)).as("a partition with a tab")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchScript.script(1, "normal", List.of())).as("an empty command")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BatchScript.script(1, "p", List.of("x"))).as("script(1, \"p\", [x]) (the smallest valid job)")
                .startsWith("#!/bin/sh");
    }

    // ---- on a real Slurm ----

    /** A program the job runs: says which job it runs in and what argument it got. */
    private static final String HELLO = """
            public class Hello {
                public static void main(String[] args) {
                    System.out.println("hello from job " + System.getenv("SLURM_JOB_ID") + " with " + args[0]);
                }
            }
            """;

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, long seconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            return new Run(-1, "(did not end within " + seconds + " s) " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out).strip());
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why slurmctld cannot be reached, found quickly (a client such as sinfo retries for seconds): its address
     * from {@code /etc/slurm/slurm.conf} and a TCP connect. {@code null} when it answers or no such file says where
     * it is (a cluster configured otherwise: sinfo then tells).
     */
    private static String controllerUnreachable() {
        Path conf = Path.of("/etc/slurm/slurm.conf");
        if (!Files.isReadable(conf)) {
            return null;
        }
        String host = null;
        int port = 6817;
        try {
            for (String line : Files.readAllLines(conf)) {
                String l = line.replaceAll("#.*", "").strip();
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("(?i)(?:SlurmctldHost|ControlMachine)=([^(\\s]+)(?:\\(([^)]+)\\))?").matcher(l);
                if (host == null && m.matches()) {
                    host = m.group(2) != null ? m.group(2) : m.group(1);
                }
                java.util.regex.Matcher p = java.util.regex.Pattern.compile("(?i)SlurmctldPort=(\\d+).*").matcher(l);
                if (p.matches()) {
                    port = Integer.parseInt(p.group(1));
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (host == null) {
            return null;
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return null;
        } catch (IOException e) {
            return "no Slurm cluster reachable from the test JVM: slurmctld at " + host + ":" + port + " does not "
                    + "answer (" + e.getMessage() + "; the grader's OS confinement gives test JVMs a network of "
                    + "their own, and the cluster's daemons may be down)";
        }
    }

    @Test
    @Points(2)
    @Hint("sbatch must accept the script and the job must run the command on its node and end. See the lesson's Q1.")
    void theScriptRunsAsAJobOnARealSlurm(@TempDir Path dir) throws Exception {
        Path hello = Files.writeString(dir.resolve("Hello.java"), HELLO, StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", hello.toString(),
                "it's two words");
        // Without a cluster too: the script exists and is one that sh can read (sbatch runs it with /bin/sh).
        Path draft = Files.writeString(dir.resolve("draft.sbatch"), BatchScript.script(1, "normal", command));
        Run syntax = run(dir, 5, "sh", "-n", draft.toString());
        assertThat(syntax.exit()).as("exit code of sh -n (a syntax check) on the script (" + syntax.output() + ")")
                .isZero();
        if (!onPath("sinfo") || !onPath("sbatch") || !onPath("scontrol")) {
            Inconclusive.because("no Slurm here: sinfo, sbatch or scontrol is not on the PATH of the test JVM");
        }
        String controller = controllerUnreachable();
        if (controller != null) {
            Inconclusive.because(controller);
        }
        Run partitions = run(dir, 5, "sinfo", "-h", "-o", "%P");
        if (partitions.exit() != 0 || partitions.output().isEmpty()) {
            Inconclusive.because("no Slurm cluster reachable from the test JVM (sinfo: exit " + partitions.exit()
                    + ", " + partitions.output() + ")");
        }
        String partition = partitions.output().lines().filter(l -> l.endsWith("*")).findFirst()
                .orElse(partitions.output().lines().findFirst().orElseThrow()).replace("*", "").strip();
        Path job = Files.writeString(dir.resolve("job.sbatch"), BatchScript.script(1, partition, command));
        Path out = dir.resolve("job.out");
        Run submitted = run(dir, 10, "sbatch", "--parsable", "-o", out.toString(), "-D", dir.toString(),
                job.toString());
        assertThat(submitted.exit()).as("exit code of sbatch (its output: " + submitted.output() + ")").isZero();
        String id = submitted.output().lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
        String info = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        List<String> states = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            info = run(dir, 5, "scontrol", "-o", "show", "job", id).output();
            String state = info.replaceAll("(?s).*\\bJobState=(\\S+).*", "$1");
            states.add(state);
            if (!List.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING").contains(state)) {
                break;
            }
            Thread.sleep(200);
        }
        run(dir, 5, "scancel", id);
        assertThat(info).as("the job as Slurm shows it (scontrol show job " + id + ")").contains("JobState=COMPLETED")
                .contains("NumNodes=1 ").contains("TimeLimit=00:10:00").contains("Partition=" + partition + " ");
        assertThat(Files.exists(out) ? Files.readString(out).strip() : "(no output file)")
                .as("what the job printed").isEqualTo("hello from job " + id + " with it's two words");
    }
}
