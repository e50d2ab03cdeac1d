package parakit.grader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a test JVM in a process group of its own and kills the whole group.
 *
 * <p>Why a group: {@code ProcessHandle.descendants()} misses double-forked grandchildren (re-parented to
 * PID 1), which would survive a tree kill; a process group (made with {@code setsid}) keeps them. The kill
 * signals the group, then sweeps the descendants seen before the kill, then checks {@code /proc} for
 * survivors of the group (zombies excepted: they hold no resources and PID 1 here may not reap them).
 * Without {@code setsid} (not Linux) it falls back to the descendants.
 */
public final class ProcessTree {

    private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst().orElse(null);

    private ProcessTree() {
    }

    /** The command, prefixed so that the started process leads a new process group (where supported). */
    public static List<String> inOwnGroup(List<String> command) {
        List<String> c = new ArrayList<>();
        if (SETSID != null) {
            c.add(SETSID.toString());
        }
        c.addAll(command);
        return c;
    }

    /** Kills the process, its group and its descendants; returns PIDs still alive afterwards (normally none). */
    public static List<Long> kill(Process process) {
        List<ProcessHandle> descendants = killOnce(process.toHandle());
        long pgid = process.pid();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (SETSID == null) {
            return descendants.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        }
        List<Long> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = livingInGroup(pgid);
            if (left.isEmpty()) {
                break;
            }
            signalGroup(pgid);
            sleep(20);
        }
        return left;
    }

    /**
     * Kills every process this JVM started, each with its group and descendants, without waiting: what a grading
     * stopped from outside leaves behind (its test JVMs lead groups of their own, see {@link #inOwnGroup}).
     */
    public static void killChildren() {
        ProcessHandle.current().children().forEach(ProcessTree::killOnce);
    }

    /** Signals the process's group (it leads one when started {@link #inOwnGroup}), the process and its descendants. */
    private static List<ProcessHandle> killOnce(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (SETSID != null) {
            signalGroup(process.pid());
        }
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        return descendants;
    }

    /** Processes of group {@code pgid} that are alive and not zombies, read from /proc. */
    static List<Long> livingInGroup(long pgid) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // f[0] = state, f[1] = ppid, f[2] = pgrp
                    if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z") && !f[0].equals("X")) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static void signalGroup(long pgid) {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No kill binary: the descendants sweep still runs.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
