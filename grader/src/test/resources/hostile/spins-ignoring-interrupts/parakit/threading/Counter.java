package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Hostile: increment never returns and ignores interrupts. */
public final class Counter {
    private final Lock lock = new ReentrantLock();
    private volatile long value;

    public Counter(long start) {
        value = start;
    }

    public void increment() {
        lock.lock();
        try {
            while (value > Long.MIN_VALUE) {
                Thread.interrupted();
            }
        } finally {
            lock.unlock();
        }
    }

    public long value() {
        return value;
    }
}
