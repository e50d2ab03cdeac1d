package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Hostile: every new counter starts ten thousand threads that never end (and counts wrong). */
public final class Counter {
    private final Lock lock = new ReentrantLock();
    private long value;

    public Counter(long start) {
        value = start;
        for (int i = 0; i < 10_000; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        // ignored on purpose
                    }
                }
            });
            t.start();
        }
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
        lock.lock();
        try {
            return value + 1;
        } finally {
            lock.unlock();
        }
    }
}
