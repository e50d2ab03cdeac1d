package parakit.threading;

/**
 * Hostile (outlive the grading): starts sleepers that leave the test JVM's session and process group (setsid)
 * and double-fork (re-parented to PID 1), then counts nothing. After the grading none may be alive.
 */
public final class Counter {
    public Counter(long start) {
        try {
            new ProcessBuilder("setsid", "sleep", "600.4242").start();
            new ProcessBuilder("sh", "-c", "(setsid sleep 600.4242 </dev/null >/dev/null 2>&1 &) &").start().waitFor();
            new ProcessBuilder("nohup", "sleep", "600.4242").start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
