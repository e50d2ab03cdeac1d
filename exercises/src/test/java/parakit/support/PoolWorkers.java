package parakit.support;

import java.time.Duration;

/**
 * Orders the calls a pool runs without a sleep as the window: a test that needs one call to end before another
 * makes the later one wait for the earlier one's latch and then for its worker to have handed the result over.
 */
public final class PoolWorkers {

    private PoolWorkers() {
    }

    /**
     * Waits, up to {@code within}, until {@code worker}, whose call has returned, has handed its result over: it is
     * seen waiting (for its next task, or in a later call), timed-waiting or ended. A pool's worker completes the
     * call's future before it does any of these, so a call that ends after this returns ends after that one, every
     * run. Returns at once when {@code worker} is the calling thread (it has taken a later call, so it handed the
     * earlier one over) and, quietly, when {@code within} runs out (the test's own checks then decide).
     */
    public static void awaitHandedOver(Thread worker, Duration within) {
        if (worker == Thread.currentThread()) {
            return;
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Thread.State state = worker.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.TERMINATED) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
