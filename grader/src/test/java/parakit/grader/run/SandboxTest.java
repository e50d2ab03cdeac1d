package parakit.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS level by itself, with shell commands instead of a test JVM: each property {@link Sandbox} promises, seen
 * from inside a confined process. Skipped, with the reason, where the confinement is not available.
 */
class SandboxTest {

    @TempDir
    Path temp;

    private Path box;

    @BeforeEach
    void needsTheSandbox() throws Exception {
        Assumptions.assumeTrue(Sandbox.enabled(), Sandbox::status);
        box = Files.createDirectories(temp.resolve("box"));
        Files.createDirectories(box.resolve("cwd"));
    }

    private record Result(int exit, String output) {
    }

    private Result confined(long memoryBytes, String script) throws Exception {
        try (Sandbox.Lease lease = Sandbox.lease()) {
            List<String> command = Sandbox.wrap(lease.uid(), box, List.of("/bin/sh", "-c", script), List.of(), memoryBytes);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the confined command ended").isTrue();
            return new Result(p.exitValue(), out);
        }
    }

    @Test
    void aCgroupLeftByAnEarlierRunWithSmallerLimitsDoesNotStopTheNextRun() throws Exception {
        // Seen in a loaded self-check: a UID's cgroup outlived its run with memory+swap at 1 GiB, and the next run of
        // that UID, wanting 1.25 GiB, could not set its memory limit (cgroup v1 wants memory <= memory+swap).
        Path memory = Path.of("/sys/fs/cgroup/memory");
        Assumptions.assumeTrue(Files.isWritable(memory), "no cgroup v1 memory controller here");
        try (Sandbox.Lease lease = Sandbox.lease()) {
            Path left = Files.createDirectories(memory.resolve("parakit-" + lease.uid()));
            Files.writeString(left.resolve("memory.limit_in_bytes"), String.valueOf(64L << 20));
            Path memsw = left.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                Files.writeString(memsw, String.valueOf(64L << 20));
            }
            List<String> command = Sandbox.wrap(lease.uid(), box, List.of("/bin/sh", "-c", "echo started"), List.of(),
                    1280L << 20);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("output of a run whose UID's cgroup was left with smaller limits").contains("started");
            assertThat(Files.readString(left.resolve("memory.limit_in_bytes")).strip()).isEqualTo(String.valueOf(1280L << 20));
        }
    }

    @Test
    void aProcessThatOutgrowsTheRunsMemoryIsKilled() throws Exception {
        Result r = confined(128L << 20, "awk 'BEGIN { s = \"a\"; for (i = 0; i < 40; i++) s = s s }'; echo \"exit $?\"");
        assertThat(r.output()).as("the hog's exit status (137: killed by the kernel)").contains("exit 137");
    }

    @Test
    void noProcessOfTheRunOutlivesItWhateverItDidWithSessions() throws Exception {
        String marker = "700.4242";
        Result r = confined(1L << 30, "setsid sleep " + marker + " & (sleep " + marker + " &) & nohup sleep " + marker
                + " >/dev/null 2>&1 & echo started");
        assertThat(r.output()).contains("started");
        Thread.sleep(300);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList())
                .as("sleepers of the run still alive").isEmpty();
    }

    @Test
    void itSeesOnlyItsOwnProcessesAndOnlyLoopback() throws Exception {
        Result r = confined(1L << 30, "ls /proc | grep -c '^[0-9]'; ls /sys/class/net 2>/dev/null || cat /proc/net/dev; "
                + "kill -0 1 && echo 'signalled PID 1' || echo 'PID 1 refused'");
        String[] lines = r.output().strip().split("\n");
        assertThat(Integer.parseInt(lines[0].strip())).as("processes visible inside (the shell, ls, grep, init)")
                .isLessThan(10);
        assertThat(r.output()).contains("lo").doesNotContain("eth0").contains("PID 1 refused");
    }

    @Test
    void itCanWriteOnlyItsOwnFolderAndSeesNoneOfTheGradersFiles() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "the grader's");
        String tmpName = "parakit-sandbox-test-" + ProcessHandle.current().pid();
        Result r = confined(1L << 30, "id -u; touch /root/x 2>/dev/null && echo 'wrote /root'; "
                + "touch /etc/x 2>/dev/null && echo 'wrote /etc'; cat " + secret + " 2>/dev/null || echo 'no secret'; "
                + "touch /tmp/" + tmpName + " && echo 'private tmp'; touch " + box.resolve("cwd/own") + " && echo 'own folder'; "
                + "ls " + Path.of(System.getProperty("user.dir")) + " 2>/dev/null | head -1 || true; echo end");
        assertThat(r.output()).doesNotContain("wrote /root").doesNotContain("wrote /etc").doesNotContain("the grader's")
                .contains("no secret", "private tmp", "own folder", "end");
        assertThat(Integer.parseInt(r.output().lines().findFirst().orElseThrow().strip())).as("uid inside").isNotZero();
        assertThat(temp.resolve("x")).doesNotExist();
        assertThat(Path.of("/tmp", tmpName)).as("written to the real /tmp").doesNotExist();
        assertThat(box.resolve("cwd/own")).as("written to its own folder").exists();
    }
}
