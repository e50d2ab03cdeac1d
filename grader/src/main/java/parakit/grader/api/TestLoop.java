package parakit.grader.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The event loop a hidden test hands to the asyncio questions: one platform daemon thread named {@code test-loop}
 * behind a single-thread executor, so that a test can tell which thread ran a stage ({@link #thread()}) and can
 * keep the loop busy on purpose ({@link #hold()}) to see what a method does before the loop gets to its tasks.
 *
 * <p>The loop's thread exists when the constructor returns. {@link #close()} interrupts what still runs on it and
 * waits up to 2 s for it to end, so that a test leaves no thread behind.
 */
public final class TestLoop implements AutoCloseable {

    /** The name of the loop's thread. */
    public static final String THREAD_NAME = "test-loop";

    private final ExecutorService executor;
    private final Thread thread;

    /** Starts the loop; fails the test if its thread does not run a first task within 2 s. */
    public TestLoop() {
        AtomicReference<Thread> made = new AtomicReference<>();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(r);
            made.set(t);
            return t;
        });
        try {
            executor.submit(() -> { }).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            executor.shutdownNow();
            throw new AssertionError("the test's loop did not start", e);
        }
        thread = made.get();
    }

    /** The executor to pass as the loop. */
    public ExecutorService executor() {
        return executor;
    }

    /** The loop's one thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Keeps the loop's thread busy until the returned latch is opened (or 5 s have passed): tasks handed to the loop
     * meanwhile wait in its queue. Returns once the loop is busy.
     */
    public CountDownLatch hold() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        executor.execute(() -> {
            holding.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            holding.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return release;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
