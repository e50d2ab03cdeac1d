package parakit.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.ThreadLeaks;
import parakit.queues.FetchPages.Fetched;
import parakit.support.Hint;
import parakit.support.PageServer;

/**
 * Hidden tests for queues Q1, on a local {@link PageServer}: pages answer after a delay (sleeping, not computing),
 * so the timing checks compare ratios to the delays that hold on a loaded machine (a wait can only get longer, and
 * ⌈N/W⌉·d is far from both N·d and d). The test's HttpClient runs its callbacks on virtual threads, so every new
 * platform thread during a call is the student's.
 */
@Question(section = "queues", number = 1, title = "Fetching pages with worker threads fed by a queue",
        timeoutSeconds = 15)
@Allows(value = {"java.net.http.**", "java.net.URI", "java.io.InputStream"},
        why = "the question fetches web pages with java.net.http.HttpClient (from a local test server)")
@Requires(type = BlockingQueue.class, method = "*", in = "FetchPages.concurrent",
        why = "the workers take their work from a queue, a java.util.concurrent.BlockingQueue")
@Requires(type = HttpClient.class, method = "send", in = "FetchPages",
        why = "pages are fetched with HttpClient.send, which waits for the answer on the thread that calls it")
@Forbids(type = ExecutorService.class, method = "*", in = "FetchPages",
        why = "the question builds the pool of workers itself, from threads and a queue; an ExecutorService is that "
                + "pool ready-made")
@Forbids(type = HttpClient.class, method = "sendAsync", in = "FetchPages",
        why = "fetch with HttpClient.send on the worker threads: sendAsync runs the exchange on the client's threads "
                + "and skips the workers the question is about")
class FetchPagesHiddenTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    /** A server, a client whose callbacks run on virtual threads, closed together. */
    private record Setup(PageServer server, ExecutorService callbacks, HttpClient client) implements AutoCloseable {
        static Setup start() throws Exception {
            ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
            HttpClient client = HttpClient.newBuilder().executor(callbacks).connectTimeout(Duration.ofSeconds(5)).build();
            Setup s = new Setup(PageServer.start(), callbacks, client);
            // One exchange of the test's own first: the JDK starts its helper threads for virtual threads and the
            // client (carriers, pollers) now, before any test takes a snapshot of the threads.
            client.send(java.net.http.HttpRequest.newBuilder(s.server().page("/setup", Duration.ZERO, "s")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return s;
        }

        @Override
        public void close() {
            client.close();
            callbacks.close();
            server.close();
        }
    }

    /**
     * A client whose {@code send}, when interrupted, takes {@link #END} more before it throws: a worker then ends a
     * while after its interrupt, so "the workers have ended when this is thrown" is checked deterministically (with
     * the real client a worker ends within microseconds of its interrupt, and a concurrent that throws without
     * waiting for them passes whenever the workers win that race). Any second interrupt during the delay is kept
     * for the worker to see.
     */
    private static final class SlowToEndClient extends HttpClient {
        static final Duration END = Duration.ofMillis(400);
        private final HttpClient real;

        SlowToEndClient(HttpClient real) {
            this.real = real;
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(java.net.http.HttpRequest request,
                java.net.http.HttpResponse.BodyHandler<T> handler) throws java.io.IOException, InterruptedException {
            try {
                return real.send(request, handler);
            } catch (InterruptedException e) {
                long end = System.nanoTime() + END.toNanos();
                boolean again = false;
                for (long left = END.toNanos(); left > 0; left = end - System.nanoTime()) {
                    try {
                        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
                    } catch (InterruptedException second) {
                        again = true;
                    }
                }
                if (again) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler) {
            return real.sendAsync(request, handler);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler,
                java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            return real.sendAsync(request, handler, push);
        }

        @Override
        public java.util.Optional<java.net.CookieHandler> cookieHandler() {
            return real.cookieHandler();
        }

        @Override
        public java.util.Optional<Duration> connectTimeout() {
            return real.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return real.followRedirects();
        }

        @Override
        public java.util.Optional<java.net.ProxySelector> proxy() {
            return real.proxy();
        }

        @Override
        public javax.net.ssl.SSLContext sslContext() {
            return real.sslContext();
        }

        @Override
        public javax.net.ssl.SSLParameters sslParameters() {
            return real.sslParameters();
        }

        @Override
        public java.util.Optional<java.net.Authenticator> authenticator() {
            return real.authenticator();
        }

        @Override
        public Version version() {
            return real.version();
        }

        @Override
        public java.util.Optional<java.util.concurrent.Executor> executor() {
            return real.executor();
        }
    }

    /** Runs concurrent() on a thread of its own and waits for it within {@code within}; its result or throwable. */
    private static Object concurrentOnACaller(Setup s, List<URI> uris, int workers, Duration within) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("fetch-caller").start(() -> {
            try {
                outcome.set(FetchPages.concurrent(s.client(), uris, workers));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            caller.interrupt();
            throw new AssertionError("concurrent(" + uris.size() + " pages, " + workers + " workers) did not return "
                    + "within " + within.toMillis() + " ms: " + e.getMessage(), e);
        }
        return outcome.get();
    }

    /**
     * The threads left running since {@code before}, as {@link ThreadLeaks#leftRunning} lists them, without the
     * carrier threads of the virtual-thread scheduler (the test's client and server run on virtual threads, and the
     * JDK starts carriers as it needs them; the question forbids ExecutorService, so a ForkJoinPool is not the
     * student's).
     */
    private static List<String> leftRunning(ThreadLeaks.Snapshot before) throws InterruptedException {
        return ThreadLeaks.threadsLeftRunning(before, Duration.ofMillis(500)).stream()
                .filter(t -> !jdkHelper(t) && !t.getName().startsWith("fetch-caller"))
                .map(t -> t.getName() + " (" + (t.isDaemon() ? "daemon" : "not a daemon") + ", " + t.getState() + ")")
                .toList();
    }

    /** The JDK's helper threads of virtual threads and of the HttpClient (not the student's: see leftRunning). */
    private static boolean jdkHelper(Thread t) {
        String name = t.getName();
        return t instanceof ForkJoinWorkerThread || name.startsWith("ForkJoinPool-") || name.startsWith("HttpClient")
                || name.startsWith("HTTP-") || name.startsWith("VirtualThread-") || name.endsWith("Poller")
                || name.startsWith("server-timer");
    }

    private static long millisOf(ThrowingCall call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static List<URI> slowPages(PageServer server, String prefix, int n, Duration delay) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            uris.add(server.page("/" + prefix + i, delay, prefix + " page " + i));
        }
        return uris;
    }

    // ---- timing -------------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Hint("serial fetches the pages one after another on the calling thread: N pages of d take about N·d. See the "
            + "lesson's Q1 task.")
    void serialTakesAboutNTimesTheDelay() throws Exception {
        try (Setup s = Setup.start()) {
            List<URI> uris = slowPages(s.server(), "s", 4, Duration.ofMillis(80));
            // Warm up first (class loading, the JIT, the client's first connection), so that only the pages are timed.
            assertThat(FetchPages.serial(s.client(), List.of(s.server().page("/warm", Duration.ZERO, "w"))))
                    .as("serial of one quick page").hasSize(1);
            List<Fetched> results = new ArrayList<>();
            long millis = millisOf(() -> results.addAll(FetchPages.serial(s.client(), uris)));
            assertThat(results).as("results of serial for 4 pages").hasSize(4).allMatch(r -> r instanceof Fetched.Page);
            assertThat(millis).as("ms serial took for 4 pages of 80 ms each, one after another (about 320)")
                    .isGreaterThanOrEqualTo(315);
        }
    }

    @Test
    @Points(3)
    @Hint(when = "at most", value = "With W workers, at most W pages are fetched at the same time: N pages of d take "
            + "about ceil(N/W)·d, not d (that would be a thread per page). See the lesson's Q1 on the pool's size.")
    @Hint("With W workers, W pages are fetched at the same time: N pages of d take about ceil(N/W)·d, far less than "
            + "N·d. Workers that wait for one another (or a single one) fetch one page at a time. See the lesson's Q1.")
    void concurrentTakesAboutCeilNOverWTimesTheDelay() throws Exception {
        try (Setup s = Setup.start()) {
            int n = 6;
            int workers = 3;
            long d = 150;
            List<URI> uris = slowPages(s.server(), "c", n, Duration.ofMillis(d));
            // Warm up first (class loading, the JIT, the client's first connection), so that only the pages are timed.
            Object warm = concurrentOnACaller(s, List.of(s.server().page("/warm", Duration.ZERO, "w")), 1, WITHIN);
            assertThat(warm).as("what concurrent returned for one quick page").isInstanceOf(List.class);
            long start = System.nanoTime();
            Object outcome = concurrentOnACaller(s, uris, workers, WITHIN);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(outcome).as("what concurrent returned").isInstanceOf(List.class);
            assertThat((List<?>) outcome).as("results of concurrent for %d pages", n).hasSize(n)
                    .allMatch(r -> r instanceof Fetched.Page);
            assertThat(millis).as("ms %d workers took for %d pages of %d ms (2 rounds: about %d; at most %d pages at once "
                    + "cannot be quicker)", workers, n, d, 2 * d, workers).isGreaterThanOrEqualTo(2 * d - 5);
            assertThat(millis).as("ms %d workers took for %d pages of %d ms (about %d; one after another: %d)", workers, n,
                    d, 2 * d, n * d).isLessThanOrEqualTo(n * d * 2 / 3);
        }
    }

    // ---- every page once, its head kept ---------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "requests", value = "Every URI of the list is fetched exactly once: no page is skipped and none is "
            + "fetched twice by two workers. See the lesson's Q1 on taking work from the queue.")
    @Hint(when = "head", value = "A page keeps the first 1024 bytes of its body (all of it if shorter), exactly. See "
            + "the Javadoc of Fetched.Page.")
    @Hint("Both methods return one result per URI, in the order of the list. See the lesson's Q1 task.")
    void everyPageIsFetchedExactlyOnceAndItsHeadKept() throws Exception {
        int[] sizes = {0, 1, 1023, 1024, 1025, 4096, 70_000};
        for (String method : List.of("serial", "concurrent")) {
            try (Setup s = Setup.start()) {
                List<URI> uris = new ArrayList<>();
                for (int i = 0; i < sizes.length; i++) {
                    uris.add(s.server().page("/p" + i, Duration.ofMillis(5 * (i % 3)), PageServer.bytes(sizes[i])));
                }
                uris.add(uris.get(2)); // listed twice: fetched twice
                Object outcome = method.equals("serial") ? FetchPages.serial(s.client(), uris)
                        : concurrentOnACaller(s, uris, 3, WITHIN);
                assertThat(outcome).as("what %s returned", method).isInstanceOf(List.class);
                List<?> results = (List<?>) outcome;
                assertThat(results).as("results of %s, one per URI of %d", method, uris.size()).hasSize(uris.size());
                for (int i = 0; i < uris.size(); i++) {
                    int size = sizes[i == sizes.length ? 2 : i];
                    assertThat(results.get(i)).as("%s: result %d (in the order of the list)", method, i)
                            .isInstanceOf(Fetched.Page.class);
                    Fetched.Page page = (Fetched.Page) results.get(i);
                    assertThat(page.uri()).as("%s: URI of result %d (in the order of the list)", method, i)
                            .isEqualTo(uris.get(i));
                    assertThat(page.head()).as("%s: head of a page of %d bytes", method, size)
                            .isEqualTo(Arrays.copyOf(PageServer.bytes(size), Math.min(size, FetchPages.HEAD_BYTES)));
                }
                for (int i = 0; i < sizes.length; i++) {
                    assertThat(s.server().requests("/p" + i)).as("%s: requests for /p%d (listed %s)", method, i,
                            i == 2 ? "twice" : "once").isEqualTo(i == 2 ? 2 : 1);
                }
            }
        }
    }

    // ---- failures -------------------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "reason", value = "A failed URI is reported with the reason: the status of an answer other than 200, "
            + "or the exception of a failed exchange. See the Javadoc of Fetched.Failed.")
    @Hint(when = "did not return", value = "A page that fails must not stop its worker: the worker reports it and "
            + "takes the next URI. A worker that dies leaves its queue unfinished. See the lesson's Q1 on failures.")
    @Hint("A page that fails (404, 500, a dropped connection) is reported as Failed for its URI, and the other pages "
            + "are still fetched. See the lesson's Q1 on failures.")
    void aFailedPageIsReportedAndDoesNotStopTheWorker() throws Exception {
        for (String method : List.of("serial", "concurrent")) {
            try (Setup s = Setup.start()) {
                List<URI> uris = List.of(s.server().dropping("/gone"), s.server().uri("/missing"),
                        s.server().failing("/error", 500), s.server().page("/ok", Duration.ZERO, "fine"),
                        s.server().failing("/busy", 503), s.server().page("/ok2", Duration.ZERO, "also fine"));
                Object outcome = method.equals("serial") ? FetchPages.serial(s.client(), uris)
                        : concurrentOnACaller(s, uris, 1, WITHIN);
                assertThat(outcome).as("what %s returned", method).isInstanceOf(List.class);
                List<?> results = (List<?>) outcome;
                assertThat(results).as("results of %s (1 worker) for 6 URIs, 4 of them failing", method).hasSize(6);
                int[] failed = {0, 1, 2, 4};
                String[] status = {null, "404", "500", null, "503", null};
                for (int i : failed) {
                    assertThat(results.get(i)).as("%s: result for %s", method, uris.get(i)).isInstanceOf(Fetched.Failed.class);
                    Fetched.Failed f = (Fetched.Failed) results.get(i);
                    assertThat(f.uri()).as("%s: URI of the failed result %d", method, i).isEqualTo(uris.get(i));
                    assertThat(f.reason()).as("%s: reason given for %s", method, uris.get(i)).isNotBlank();
                    if (status[i] != null) {
                        assertThat(f.reason()).as("%s: reason given for %s (its status)", method, uris.get(i))
                                .contains(status[i]);
                    }
                }
                assertThat(results.get(3)).as("%s: result for /ok after three failures", method)
                        .isInstanceOf(Fetched.Page.class);
                assertThat(results.get(5)).as("%s: result for /ok2 after four failures", method)
                        .isInstanceOf(Fetched.Page.class);
                assertThat(s.server().requests("/ok2")).as("%s: requests for /ok2", method).isEqualTo(1);
            }
        }
    }

    // ---- the workers' threads -------------------------------------------------------------------------------------

    @Test
    @Points(3)
    @Hint(when = "left running", value = "When concurrent returns, every worker has ended: workers that are daemons, or "
            + "that wait for more work, are threads left behind. See the lesson's Q1 on ending the workers.")
    @Hint(when = "threads", value = "concurrent starts at most `workers` threads, and no more than there are URIs. See "
            + "the lesson's Q1 on the pool of workers.")
    @Hint("See the lesson's Q1 on the pool of workers and ending them.")
    void atMostWWorkersRunAndNoneIsLeftRunning() throws Exception {
        try (Setup s = Setup.start()) {
            for (int[] nw : new int[][] {{8, 3}, {2, 5}}) {
                int n = nw[0];
                int workers = nw[1];
                List<URI> uris = slowPages(s.server(), "t" + n + "-", n, Duration.ofMillis(120));
                ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
                AtomicInteger most = new AtomicInteger();
                AtomicReference<Object> outcome = new AtomicReference<>();
                Set<Thread> baseline = Thread.getAllStackTraces().keySet();
                Thread caller = Thread.ofPlatform().name("fetch-caller").start(() -> {
                    try {
                        outcome.set(FetchPages.concurrent(s.client(), uris, workers));
                    } catch (InterruptedException e) {
                        outcome.set(e);
                    }
                });
                while (caller.isAlive()) {
                    long started = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t != caller && !baseline.contains(t) && !t.isVirtual() && !jdkHelper(t))
                            .count();
                    most.accumulateAndGet((int) started, Math::max);
                    Thread.sleep(5);
                }
                Await.joined(WITHIN, caller);
                assertThat(outcome.get()).as("what concurrent(%d pages, %d workers) returned", n, workers)
                        .isInstanceOf(List.class);
                assertThat(most.get()).as("threads running at once during concurrent(%d pages, %d workers)", n, workers)
                        .isBetween(1, Math.min(n, workers));
                assertThat(leftRunning(before))
                        .as("threads left running after concurrent(%d pages, %d workers) returned", n, workers)
                        .isEmpty();
            }
        }
    }

    @Test
    @Points(2)
    @Hint(when = "left running", value = "An interrupted concurrent must stop its workers (interrupt them) and wait "
            + "until they have ended before it throws: none may be left fetching. See the lesson's Q1 on interrupts "
            + "and ending the workers.")
    @Hint("A caller interrupted while concurrent waits gets InterruptedException (the contract), and soon. See the "
            + "lesson's Q1 on interrupts.")
    void anInterruptedCallerStopsTheWorkers() throws Exception {
        try (Setup s = Setup.start()) {
            List<URI> uris = slowPages(s.server(), "i", 4, Duration.ofSeconds(4));
            int base = s.server().requests();
            ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
            Set<Thread> alive = Thread.getAllStackTraces().keySet();
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicReference<List<String>> aliveAtThrow = new AtomicReference<>(List.of());
            HttpClient slowToEnd = new SlowToEndClient(s.client());
            Thread caller = Thread.ofPlatform().name("fetch-caller").start(() -> {
                try {
                    outcome.set(FetchPages.concurrent(slowToEnd, uris, 2));
                } catch (InterruptedException e) {
                    // The contract: the workers have ended when this is thrown (looked at at once, no grace).
                    aliveAtThrow.set(Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t != Thread.currentThread() && t.isAlive() && !t.isVirtual() && !jdkHelper(t)
                                    && !alive.contains(t))
                            .map(Thread::getName).toList());
                    outcome.set(e);
                }
            });
            try {
                long deadline = System.nanoTime() + WITHIN.toNanos();
                while (s.server().requests() - base < 2 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(5);
                }
                assertThat(s.server().requests() - base).as("pages being fetched by 2 workers").isEqualTo(2);
                Await.untilBlocked(WITHIN, caller);
                caller.interrupt();
                boolean ended = caller.join(Duration.ofSeconds(2));
                assertThat(ended).as("concurrent returned or threw within 2 s of its caller's interrupt (pages of 4 s)")
                        .isTrue();
                assertThat(outcome.get()).as("what concurrent did when its caller was interrupted")
                        .isInstanceOf(InterruptedException.class);
                assertThat(leftRunning(before)).as("threads left running after an interrupted concurrent threw")
                        .isEmpty();
                assertThat(aliveAtThrow.get()).as("workers still alive (left running) at the moment the interrupted "
                        + "concurrent threw").isEmpty();
            } finally {
                caller.interrupt();
                Await.joined(Duration.ofSeconds(8), caller);
            }
        }
    }

    @Test
    @Hint(when = "workers", value = "Fewer than one worker is an IllegalArgumentException. See the Javadoc of "
            + "concurrent.")
    @Hint("Both methods work with no URIs (an empty list) and concurrent from any calling thread: a daemon, a virtual "
            + "thread, a renamed one. See the lesson's Q1.")
    void edgeCasesAndEveryKindOfCaller() throws Exception {
        try (Setup s = Setup.start()) {
            assertThat(FetchPages.serial(s.client(), List.of())).as("serial of no URIs").isEmpty();
            assertThat(FetchPages.concurrent(s.client(), List.of(), 3)).as("concurrent of no URIs").isEmpty();
            assertThat(catchThrowable(() -> FetchPages.concurrent(s.client(), List.of(s.server().uri("/x")), 0)))
                    .as("what concurrent with 0 workers threw").isInstanceOf(IllegalArgumentException.class);
            List<URI> uris = List.of(s.server().page("/one", Duration.ofMillis(10), "1"),
                    s.server().page("/two", Duration.ofMillis(10), "2"));
            for (Caller caller : Callers.all()) {
                List<Fetched> results = caller.call(WITHIN, () -> FetchPages.concurrent(s.client(), uris, 2));
                assertThat(results).as("results of concurrent from a %s", caller.describe()).hasSize(2)
                        .allMatch(r -> r instanceof Fetched.Page);
            }
        }
    }
}
