package parakit.grader.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ThreadLeaksTest {

    @Test
    void aPoolThatIsShutDownIsNotALeakEvenIfItsThreadsEndAMomentLater() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> { Thread.sleep(50); return null; });
        }
        pool.shutdown();
        assertThat(ThreadLeaks.leftRunning(before, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aPoolLeftOpenIsNamedWithItsThreads() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.submit(() -> { }).get();
            pool.submit(() -> { }).get();
            List<String> left = ThreadLeaks.leftRunning(before, Duration.ofMillis(100));
            assertThat(left).isNotEmpty().allMatch(s -> s.startsWith("pool-") && s.contains("not a daemon"));
            assertThat(ThreadLeaks.threadsLeftRunning(before, Duration.ZERO)).allMatch(Thread::isAlive);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDaemonWorkerThatNeverEndsCountsToo() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        CountDownLatch stop = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().daemon().name("spinner").start(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(ThreadLeaks.leftRunning(before, Duration.ofMillis(50))).containsExactly("spinner (daemon, WAITING)");
        } finally {
            stop.countDown();
            worker.join();
        }
        assertThat(ThreadLeaks.leftRunning(before, Duration.ZERO)).isEmpty();
    }

    @Test
    void anHttpClientLeftOpenCountsAndAClosedOneDoesNot() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        java.net.http.HttpClient open = java.net.http.HttpClient.newHttpClient();
        try {
            assertThat(ThreadLeaks.leftRunning(before, Duration.ofMillis(50))).anyMatch(s -> s.startsWith("HttpClient-"));
        } finally {
            open.close();
        }
        assertThat(ThreadLeaks.leftRunning(before, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void theCommonPoolIsTheJdksUnlessAskedFor() throws Exception {
        ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
        CompletableFuture.runAsync(() -> { }).get();
        assertThat(ThreadLeaks.leftRunning(before, Duration.ZERO)).isEmpty();
        // The common pool's workers may have existed before the snapshot; only new ones would be listed here.
        assertThat(ThreadLeaks.leftRunningIncludingCommonPool(before, Duration.ZERO))
                .allMatch(s -> s.startsWith("ForkJoinPool.commonPool-"));
    }
}
