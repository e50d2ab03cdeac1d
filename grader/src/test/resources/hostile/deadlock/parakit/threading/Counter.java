package parakit.threading;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Hostile: two locks taken in opposite orders by alternating threads, a classic lock-order deadlock. */
public final class Counter {
    private final Lock first = new ReentrantLock();
    private final Lock second = new ReentrantLock();
    private long value;

    public Counter(long start) {
        value = start;
    }

    public void increment() {
        boolean flip = (Thread.currentThread().threadId() % 2) == 0;
        Lock a = flip ? first : second;
        Lock b = flip ? second : first;
        a.lock();
        try {
            pause();
            b.lock();
            try {
                value++;
            } finally {
                b.unlock();
            }
        } finally {
            a.unlock();
        }
    }

    public long value() {
        return value;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
