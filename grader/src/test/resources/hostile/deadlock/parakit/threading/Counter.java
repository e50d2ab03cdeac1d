package parakit.threading;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hostile: every increment deadlocks. The caller takes {@code first}, a helper thread takes {@code second},
 * and each then asks for the other's lock: a lock-order deadlock on the first call, every time.
 */
public final class Counter {
    private final Lock first = new ReentrantLock();
    private final Lock second = new ReentrantLock();
    private long value;

    public Counter(long start) {
        value = start;
    }

    public void increment() {
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread helper = new Thread(() -> lockBoth(second, first, bothHold), "helper-of-" + Thread.currentThread().getName());
        helper.start();
        first.lock();
        try {
            bothHold.countDown();
            awaitQuietly(bothHold);
            second.lock();
            try {
                value++;
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
    }

    private void lockBoth(Lock a, Lock b, CountDownLatch bothHold) {
        a.lock();
        try {
            bothHold.countDown();
            awaitQuietly(bothHold);
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
