package parakit.threading;

import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Hostile: a gigabyte on standard output, then wrong answers. */
public final class Counter {
    private final Lock lock = new ReentrantLock();
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
        lock.lock();
        try {
            value += 2;
        } finally {
            lock.unlock();
        }
    }

    public long value() {
        return value;
    }
}
