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
        value = value + 1;
        if (value > 0) {
            return;
        }
        lock.unlock();
    }

    public long value() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }
}
