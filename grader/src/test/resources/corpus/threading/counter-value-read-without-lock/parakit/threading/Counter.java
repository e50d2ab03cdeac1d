package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

public final class Counter {

    private final Lock lock = new ReentrantLock();
    private long value;

    public Counter(long start) {
        this.value = start;
    }

    public void increment() {
        lock.lock();
        try {
            value = value + 1;
        } finally {
            lock.unlock();
        }
    }

    public long value() {
        return value;
    }
}
