package parakit.threading;

import java.lang.reflect.Field;

/**
 * Hostile (forge the score, in process): finds the harness through its watchdog thread and reads its signer by
 * reflection, to sign records of its own. The static policy refuses reflection before anything runs.
 */
public final class Counter {
    public Counter(long start) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("parakit-watchdog")) {
                try {
                    Field outer = t.getClass().getDeclaredField("this$0");
                    outer.setAccessible(true);
                    Object harness = outer.get(t);
                    Field records = harness.getClass().getDeclaredField("records");
                    records.setAccessible(true);
                    System.out.println(records.get(harness));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
