package parakit.threading;

/** Hostile: ends the JVM as soon as the class loads. */
public final class Counter {
    static {
        System.exit(0);
    }

    private long value;

    public Counter(long start) {
        value = start;
    }

    public void increment() {
        value++;
    }

    public long value() {
        return value;
    }
}
