package parakit.grader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The OS-level confinement of a test JVM (Linux, grader running as root): what a test JVM's processes can see
 * and do, whatever the static policy and the JVM options let through.
 *
 * <p>Each test JVM starts through {@code unshare} and a small shell script ({@link #SCRIPT}) that, inside new
 * namespaces and before it drops its privileges, builds the JVM's whole world. Each step, with what it stops:
 * <ul>
 *   <li><b>a PID namespace</b> whose first process is the script (it stays as PID 1 and waits for the JVM): when
 *       the JVM ends, or the grader kills the script, the kernel kills every process of the namespace, so a child
 *       that left its session and process group ({@code setsid}), double-forked or was started through any route
 *       dies with the run; processes outside (the grader, other test JVMs) are not even visible;</li>
 *   <li><b>a network namespace</b> with loopback only (brought up: the web-page questions serve pages on it);
 *       nothing outside the machine, and no other program's ports, are reachable;</li>
 *   <li><b>a mount namespace with a root of its own</b> ({@code chroot} into a tmpfs): the system's programs and
 *       libraries, {@code /etc} and the JDK read-only, the test JVMs' class path folder read-only (no hidden test
 *       in it, see {@link HarnessClasspath}), the JVM's own run folder read-write, a private {@code /proc}, a
 *       few devices and a small private {@code /tmp}. Nothing else exists: not the grader's jar or sources, not
 *       the reference solutions, not other gradings' folders, not the home folder, not the real {@code /tmp};</li>
 *   <li><b>a user of its own</b>: a UID no other process uses (leased with a lock file, see {@link #lease}), with
 *       no groups, no capabilities and no-new-privileges (setuid programs do nothing). It cannot signal the
 *       grader or another test JVM, nor read or write their files, and files it writes are its own;</li>
 *   <li><b>limits</b>: memory of all the run's processes together and their number (cgroups, where the kernel has
 *       the memory and pids controllers), processes and threads of the user, open files, no core dumps
 *       ({@code prlimit}).</li>
 * </ul>
 * Cost: measured by {@code grader/bench/confinement.sh} (README). Where this is not available (not root, not
 * Linux, a tool missing, or {@code PARAKIT_OS_CONFINEMENT=off}), {@link #status()} says why and every report
 * carries that warning; grading goes on with the JVM-level confinement and the static policy only.
 */
public final class Sandbox {

    /** The script run as PID 1 of the new namespaces: arguments uid, box, root, read-only paths..., --, command. */
    static final String SCRIPT = """
            set -eu
            uid=$1; box=$2; root=$3; mem=$4; shift 4
            # Memory and processes of the whole namespace, kernel-enforced (cgroup v1 here; v2 where mounted so).
            for c in memory pids; do
              d=/sys/fs/cgroup/$c/parakit-$uid
              if [ -d /sys/fs/cgroup/$c ] && mkdir -p "$d" 2>/dev/null; then
                # A cgroup left by an earlier run of this UID keeps its limits, and cgroup v1 refuses a memory limit
                # above the memory+swap one: lift memory+swap first, then set both.
                [ $c = memory ] && { echo -1 2>/dev/null > "$d/memory.memsw.limit_in_bytes" || true
                  echo "$mem" > "$d/memory.limit_in_bytes"; echo "$mem" 2>/dev/null > "$d/memory.memsw.limit_in_bytes" || true; }
                [ $c = pids ] && echo 4096 > "$d/pids.max"
                echo $$ > "$d/cgroup.procs"
              fi
            done
            ro=""
            while [ "$1" != "--" ]; do ro="$ro $1"; shift; done
            shift
            mount --make-rprivate /
            ip link set lo up 2>/dev/null || true
            mount -t tmpfs -o mode=0755,size=8m parakit-root "$root"
            mkdir -p "$root/proc" "$root/dev" "$root/tmp"
            mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev parakit-tmp "$root/tmp"
            for p in $ro; do
              [ -e "$p" ] || [ -L "$p" ] || continue
              mkdir -p "$root$(dirname "$p")"
              if [ -L "$p" ]; then ln -s "$(readlink "$p")" "$root$p"; continue; fi
              if [ -d "$p" ]; then mkdir -p "$root$p"; else : > "$root$p"; fi
              mount --rbind "$p" "$root$p"
              mount -o remount,bind,ro,nosuid,nodev "$root$p"
            done
            mkdir -p "$root$box"
            mount --bind "$box" "$root$box"
            mount -o remount,bind,nosuid,nodev "$root$box"
            mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
            for d in null zero full random urandom; do : > "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
            ln -s /proc/self/fd "$root/dev/fd"
            ln -s /proc/self/fd/0 "$root/dev/stdin"; ln -s /proc/self/fd/1 "$root/dev/stdout"; ln -s /proc/self/fd/2 "$root/dev/stderr"
            chroot "$root" env --chdir="$box/cwd" setpriv --reuid="$uid" --regid="$uid" --clear-groups --no-new-privs \\
              --inh-caps=-all --bounding-set=-all -- prlimit --nproc=4096 --nofile=4096 --core=0 -- "$@"
            """;

    /** First UID of the range leased to test JVMs; far above the UIDs of real accounts. */
    private static final int UID_BASE = 230_000;
    private static final int UID_RANGE = 20_000;
    private static final List<String> TOOLS = List.of("unshare", "mount", "chroot", "setpriv", "prlimit", "env", "sh");

    private static volatile String status;
    /** Every UID this JVM has leased, in order (for tests that check no process of a run outlived it). */
    private static final java.util.Queue<Integer> LEASED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private Sandbox() {
    }

    /** Whether test JVMs run confined at the OS level here; see {@link #status()}. */
    public static boolean enabled() {
        return status().isEmpty();
    }

    /**
     * Empty when the OS-level confinement works here; otherwise why not, as a warning for the report. Probed
     * once per grader JVM by starting a confined {@code true}.
     */
    public static String status() {
        String s = status;
        if (s == null) {
            synchronized (Sandbox.class) {
                if (status == null) {
                    status = probe();
                }
                s = status;
            }
        }
        return s;
    }

    private static String probe() {
        if ("off".equalsIgnoreCase(System.getenv("PARAKIT_OS_CONFINEMENT"))) {
            return "the test JVMs were not confined at the OS level: PARAKIT_OS_CONFINEMENT=off";
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "the test JVMs were not confined at the OS level: that needs Linux (namespaces), this is "
                    + System.getProperty("os.name");
        }
        if (!isRoot()) {
            return "the test JVMs were not confined at the OS level (own PID, network and mount namespaces, a user of "
                    + "their own): that needs the grader to run as root (e.g. sudo ./parakit ...). Student code ran as "
                    + "your user, with the static policy and the JVM options as its only bounds";
        }
        for (String tool : TOOLS) {
            if (which(tool) == null) {
                return "the test JVMs were not confined at the OS level: the program '" + tool + "' is missing "
                        + "(install util-linux and coreutils)";
            }
        }
        // A UID leased like any test JVM's: probes of graders running at the same time must not share a cgroup.
        try (Lease probe = lease()) {
            Path box = Files.createTempDirectory("parakit-sandbox-probe-");
            try {
                Files.createDirectories(box.resolve("cwd"));
                Files.createDirectories(box.resolve("root"));
                List<String> command = new ArrayList<>(wrap(probe.uid(), box, List.of("/bin/true"), List.of(), 1L << 28));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return "the test JVMs were not confined at the OS level: a confined test process could not start ("
                            + out.strip().lines().reduce((a, b) -> b).orElse("no output") + ")";
                }
            } finally {
                try (Stream<Path> walk = Files.walk(box)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            return "the test JVMs were not confined at the OS level: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the test JVMs were not confined at the OS level: interrupted while checking";
        }
        return "";
    }

    /** A UID held by one test JVM until {@link #close()}: no two test JVMs of any grader on this machine share one. */
    public static final class Lease implements AutoCloseable {
        private final int uid;
        private final FileChannel channel;
        private final FileLock lock;

        private Lease(int uid, FileChannel channel, FileLock lock) {
            this.uid = uid;
            this.channel = channel;
            this.lock = lock;
        }

        public int uid() {
            return uid;
        }

        @Override
        public void close() {
            // The run's cgroups, empty once its namespace has ended (rmdir of an empty cgroup).
            for (String c : List.of("memory", "pids")) {
                Path d = Path.of("/sys/fs/cgroup", c, "parakit-" + uid);
                for (int i = 0; i < 50 && Files.isDirectory(d); i++) {
                    try {
                        Files.delete(d);
                    } catch (IOException e) {
                        sleepQuietly(20); // the last processes are still being torn down
                    }
                }
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // The lock goes with the process anyway.
            }
        }
    }

    /** The UIDs this JVM has leased so far, oldest first. */
    public static List<Integer> leased() {
        return List.copyOf(LEASED);
    }

    /** Leases a free UID (a lock file per UID under {@code java.io.tmpdir}/parakit-uids, held while the JVM runs). */
    public static Lease lease() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "parakit-uids");
        try {
            Files.createDirectories(dir);
            int start = ThreadLocalRandom.current().nextInt(UID_RANGE);
            for (int i = 0; i < UID_RANGE; i++) {
                int uid = UID_BASE + (start + i) % UID_RANGE;
                FileChannel ch = FileChannel.open(dir.resolve(uid + ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null; // held by this very JVM
                }
                if (lock != null) {
                    LEASED.add(uid);
                    return new Lease(uid, ch, lock);
                }
                ch.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lease a user id for a test JVM under " + dir, e);
        }
        throw new IllegalStateException("all " + UID_RANGE + " user ids for test JVMs are in use");
    }

    /**
     * Prepares {@code box} (the JVM's run folder, holding {@code cwd/}) for {@code uid} and returns the command that
     * runs {@code command} confined, with {@code box} as its only writable folder.
     */
    public static List<String> wrap(int uid, Path box, List<String> command) throws IOException {
        return wrap(uid, box, command, List.of(), 1L << 30);
    }

    /**
     * Like {@link #wrap(int, Path, List)}, with more files or folders visible read-only, and all processes of the run
     * limited to {@code memoryBytes} together (a memory cgroup, where the kernel has one).
     */
    public static List<String> wrap(int uid, Path box, List<String> command, List<Path> alsoReadOnly, long memoryBytes)
            throws IOException {
        Path root = Files.createDirectories(box.resolve("root"));
        chown(box, uid);
        chown(box.resolve("cwd"), uid);
        box.toFile().setReadable(false, false);
        box.toFile().setReadable(true, true);
        List<String> c = new ArrayList<>(List.of(which("unshare").toString(), "--pid", "--net", "--mount", "--ipc",
                "--uts", "--fork", "--kill-child", "--", which("sh").toString(), "-c", SCRIPT, "parakit-sandbox",
                Integer.toString(uid), box.toAbsolutePath().toString(), root.toAbsolutePath().toString(),
                Long.toString(memoryBytes)));
        c.addAll(readOnly());
        alsoReadOnly.forEach(p -> c.add(p.toAbsolutePath().toString()));
        c.add("--");
        c.addAll(command);
        return c;
    }

    /** Gives {@code file} (a file or folder the grader made for the JVM) to the JVM's user. */
    public static void chown(Path file, int uid) throws IOException {
        Files.setAttribute(file, "unix:uid", uid);
        Files.setAttribute(file, "unix:gid", uid);
    }

    /** What a confined JVM sees read-only: the system, the JDK, the test JVMs' class path folder. */
    private static List<String> readOnly() {
        Set<String> paths = new LinkedHashSet<>(List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                "/etc"));
        Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        try {
            javaHome = javaHome.toRealPath();
        } catch (IOException e) {
            // keep it as it is
        }
        if (!javaHome.startsWith("/usr")) {
            paths.add(javaHome.toString());
        }
        paths.add(HarnessClasspath.runtime().folder().toAbsolutePath().toString());
        return new ArrayList<>(paths);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
