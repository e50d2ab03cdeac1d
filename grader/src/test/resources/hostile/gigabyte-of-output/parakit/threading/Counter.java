package parakit.threading;

import java.util.Arrays;

/** Hostile: a gigabyte on standard output, then wrong answers. */
public final class Counter {
    private long value;

    public Counter(long start) {
        value = start;
        byte[] line = new byte[1 << 20];
        Arrays.fill(line, (byte) 'x');
        for (int i = 0; i < 1024; i++) {
            System.out.write(line, 0, line.length);
        }
        System.out.flush();
    }

    public void increment() {
        value += 2;
    }

    public long value() {
        return value;
    }
}
