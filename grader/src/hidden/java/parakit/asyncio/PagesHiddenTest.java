package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parakit.asyncio.Pages.Page;
import parakit.grader.api.Allows;
import parakit.grader.api.Await;
import parakit.grader.api.Forbids;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.grader.api.TestLoop;
import parakit.grader.api.ThreadLeaks;
import parakit.support.Hint;
import parakit.support.PageServer;

/**
 * Hidden tests for Q6, against a local {@link PageServer}: the test declares pages with known delays, failing and
 * dropped pages, and counts the requests. Timing is checked against the sum and the longest of the delays.
 */
@Question(section = "asyncio", number = 6, title = "Fetching several pages at once", timeoutSeconds = 20)
@Allows(value = {"java.net.http.**", "java.net.URI"},
        why = "the question fetches pages with the JDK's HttpClient (sendAsync) from a local server")
@Requires(type = HttpClient.class, method = "sendAsync", in = "Pages.fetchAll",
        why = "the pages must be fetched with HttpClient.sendAsync, which returns a CompletableFuture at once")
@Forbids(type = HttpClient.class, method = "send", in = "Pages",
        why = "HttpClient.send blocks until the answer is there: asynchronous code uses sendAsync")
@Forbids(type = CompletableFuture.class, method = "join", in = "Pages",
        why = "fetchAll must not wait for the pages with join: it blocks the thread that calls it, which may be the "
                + "loop's")
@Forbids(type = Future.class, method = "get", in = "Pages",
        why = "fetchAll must not wait for the pages with get: it blocks the thread that calls it, which may be the "
                + "loop's")
@Forbids(type = Thread.class, method = "sleep", in = "Pages",
        why = "asynchronous code must not sleep: that blocks the loop's only thread")
class PagesHiddenTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The JDK's HTTP client loads many classes on first use: done here, so that no timed check measures it. */
    @BeforeEach
    void warmUp() throws Exception {
        try (PageServer server = PageServer.start(); HttpClient client = HttpClient.newHttpClient()) {
            URI warm = server.page("/warm", Duration.ZERO, "warm");
            client.sendAsync(HttpRequest.newBuilder(warm).build(), HttpResponse.BodyHandlers.ofString())
                    .get(5, TimeUnit.SECONDS);
        }
    }

    /** Calls fetchAll on a thread of its own, so that a call that blocks fails here instead of hanging the test. */
    private static CompletableFuture<List<Page>> fetchWithin(Duration within, TestLoop loop, List<URI> uris,
            Duration timeout) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().name("caller").daemon(true).start(() -> {
            try {
                outcome.set(Pages.fetchAll(loop.executor(), uris, timeout));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        try {
            Await.joined(within, caller);
        } catch (AssertionError e) {
            throw new AssertionError("fetchAll did not return within " + within.toMillis() + " ms while its pages were "
                    + "on their way (it waits for them instead of returning a future at once): " + e.getMessage(), e);
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("fetchAll threw " + t, t);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<List<Page>> future = (CompletableFuture<List<Page>>) outcome.get();
        assertThat(future).as("the future fetchAll returned").isNotNull();
        return future;
    }

    private static <T> T completes(CompletableFuture<T> future, Duration within, String what) {
        try {
            return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future of " + what + " did not complete within " + within.toMillis()
                    + " ms (a page that is never reported?)");
        } catch (Exception e) {
            throw new AssertionError("the future of " + what + " failed instead of reporting every page: " + e, e);
        }
    }

    private static List<String> paths(List<Page> pages) {
        return pages.stream().map(p -> p == null || p.uri() == null ? "(null)" : p.uri().getPath()).toList();
    }

    private static Map<String, Page> byPath(List<Page> pages) {
        return pages.stream().collect(Collectors.toMap(p -> p.uri().getPath(), Function.identity(), (a, b) -> a));
    }

    /** The failure itself or, if it is a wrapper, what it wraps. */
    private static Throwable unwrapped(Throwable t) {
        return t != null && t.getCause() != null && !(t instanceof IOException) ? t.getCause() : t;
    }

    /**
     * {@link ThreadLeaks#leftRunning}, leaving out the threads of the JDK's virtual-thread scheduler (its carriers,
     * its delay scheduler and unblocker), which start on the first virtual thread (a virtual caller, the page
     * server's exchanges) and stay: the code under test does not own them.
     */
    private static List<String> leftRunning(ThreadLeaks.Snapshot before) throws InterruptedException {
        return ThreadLeaks.threadsLeftRunning(before, Duration.ofSeconds(1)).stream()
                .filter(t -> !t.getClass().getName().equals("jdk.internal.misc.CarrierThread")
                        && !t.getName().startsWith("VirtualThread-") && !t.getName().endsWith("-delayScheduler"))
                .map(t -> t.getName() + " (" + (t.isDaemon() ? "daemon" : "not a daemon") + ", " + t.getState() + ")")
                .toList();
    }

    @Test
    @Points(3)
    @Hint(value = "All requests must be in flight at once, so the pages arrive in the order the server answers them "
            + "(the fastest first, the delayed one last), not in the order of the list; sending each request only "
            + "when the previous page has arrived gives the list's order. See the lesson's Pages section.",
            when = "order")
    @Hint(value = "The fetch must take about as long as the slowest page, not the sum of all: the requests overlap. "
            + "See the lesson's Pages section.", when = "sum")
    @Hint(value = "One request per page: a page fetched twice (or not at all) costs the server. See the Javadoc of "
            + "fetchAll.", when = "requests")
    @Hint(value = "Each page carries the status and body of its answer. See the Javadoc of Page.", when = "page")
    void pagesArriveInCompletionOrderInAboutTheLongestDelay() throws Exception {
        try (TestLoop loop = new TestLoop(); PageServer server = PageServer.start()) {
            URI slow = server.page("/slow", Duration.ofMillis(800), "the delayed page");
            URI a = server.page("/a", Duration.ofMillis(200), "page a");
            URI b = server.page("/b", Duration.ofMillis(400), "page b");
            URI now = server.page("/now", Duration.ZERO, "page now");
            long begin = System.nanoTime();
            List<Page> pages = completes(fetchWithin(Duration.ofSeconds(1), loop, List.of(slow, a, b, now), TIMEOUT),
                    Duration.ofSeconds(4), "fetchAll");
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(paths(pages)).as("order in which the pages were listed by fetchAll (delays: /slow 800 ms, "
                    + "/a 200 ms, /b 400 ms, /now 0 ms)").containsExactly("/now", "/a", "/b", "/slow");
            Map<String, Page> got = byPath(pages);
            assertThat(got.get("/slow")).as("the page /slow").isEqualTo(new Page(slow, 200, "the delayed page", null));
            assertThat(got.get("/a")).as("the page /a").isEqualTo(new Page(a, 200, "page a", null));
            for (String path : List.of("/slow", "/a", "/b", "/now")) {
                assertThat(server.requests(path)).as("requests the server got for %s", path).isEqualTo(1);
            }
            // One after another the pages take at least the sum (1,400 ms); at once, about the longest (800 ms).
            assertThat(millis).as("ms until all four pages were in: under the midpoint of the longest delay and the "
                    + "sum of the delays (1,100 ms)").isLessThan(1_100);
            assertThat(millis).as("ms until all four pages were in: at least the longest delay").isGreaterThanOrEqualTo(798);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "Each page must be handed to the loop and the future completed there: while the loop is busy, "
            + "pages that have arrived cannot be taken in, so the future cannot complete. Completing it on the "
            + "client's threads skips the loop. See the lesson's introduction on stages and threads.",
            when = "busy")
    @Hint(value = "The future of the pages must be completed on the loop's thread. See the lesson's Pages section.",
            when = "completed")
    void thePagesAreHandedToTheLoop() throws Exception {
        try (TestLoop loop = new TestLoop(); PageServer server = PageServer.start()) {
            URI one = server.page("/one", Duration.ZERO, "1");
            URI two = server.page("/two", Duration.ZERO, "2");
            AtomicReference<Thread> completer = new AtomicReference<>();
            CompletableFuture<List<Page>> all;
            CompletableFuture<Void> seen;
            CountDownLatch release = loop.hold();
            try {
                all = fetchWithin(Duration.ofSeconds(1), loop, List.of(one, two), TIMEOUT);
                seen = all.thenRun(() -> completer.set(Thread.currentThread()));
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (server.requests() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                Thread.sleep(200); // the answers are back at the client by now
                assertThat(all.isDone()).as("whether fetchAll's future was done while the loop was busy").isFalse();
            } finally {
                release.countDown();
            }
            // Wait on the dependent stage only, and on all after it: a thread that returns from all's get() runs
            // all's pending dependents itself, so waiting on all first could make this thread the one recorded.
            completes(seen, Duration.ofSeconds(2), "fetchAll");
            assertThat(paths(completes(all, Duration.ofSeconds(2), "fetchAll"))).as("pages fetched")
                    .containsExactlyInAnyOrder("/one", "/two");
            assertThat(completer.get()).as("thread that completed fetchAll's future (the loop's is '%s')",
                    loop.thread().getName()).isSameAs(loop.thread());
        }
    }

    @Test
    @Points(3)
    @Hint(value = "Every page must be reported, failures too: an answer with an error status is a page with that "
            + "status; a dropped connection or a request without an answer within the time limit is a page with its "
            + "failure (status -1, no body). A failure that fails the whole future, or is left out, loses the other "
            + "pages. See the lesson's Pages section on failures.", when = "page")
    @Hint(value = "A request that gets no answer must end at its time limit: without one, a page that never comes "
            + "hangs the whole fetch. See the lesson's Pages section on failures.", when = "did not complete")
    @Hint(value = "Every page must be reported, failures too, and the future must complete normally with all of "
            + "them. See the lesson's Pages section on failures.", when = "failed instead")
    void failingPagesAreReportedAndNothingHangs() throws Exception {
        try (TestLoop loop = new TestLoop(); PageServer server = PageServer.start()) {
            URI ok = server.page("/ok", Duration.ZERO, "fine");
            URI error = server.failing("/error", 500);
            URI gone = server.dropping("/gone");
            URI never = server.page("/never", Duration.ofSeconds(10), "too late");
            List<Page> pages = completes(fetchWithin(Duration.ofSeconds(1), loop, List.of(never, error, ok, gone),
                    Duration.ofMillis(300)), Duration.ofSeconds(3), "fetchAll with failing pages");
            assertThat(pages).as("pages reported for /never, /error, /ok, /gone").hasSize(4);
            assertThat(paths(pages).get(3)).as("the page reported last (the one that timed out)").isEqualTo("/never");
            Map<String, Page> got = byPath(pages);
            assertThat(got.get("/ok")).as("the page /ok").isEqualTo(new Page(ok, 200, "fine", null));
            Page e = got.get("/error");
            assertThat(e).as("the page /error (answered 500)").isNotNull();
            assertThat(e.status()).as("status of the page /error (answered 500)").isEqualTo(500);
            assertThat(e.failure()).as("failure of the page /error (it was answered)").isNull();
            Page dropped = got.get("/gone");
            assertThat(dropped).as("the page /gone (connection closed)").isNotNull();
            assertThat(dropped.status()).as("status of the page /gone (no answer)").isEqualTo(-1);
            assertThat(dropped.body()).as("body of the page /gone (no answer)").isNull();
            assertThat(unwrapped(dropped.failure())).as("failure of the page /gone (connection closed)")
                    .isInstanceOf(IOException.class);
            Page late = got.get("/never");
            assertThat(late.status()).as("status of the page /never (no answer in time)").isEqualTo(-1);
            assertThat(unwrapped(late.failure())).as("failure of the page /never (no answer in time)")
                    .isInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The client must be closed once every request has ended: its selector thread lives as long as the "
            + "client, so a client never closed leaves a thread behind for every fetch. Close it without blocking "
            + "the loop. See the lesson's Pages section.", when = "left running")
    void theClientIsClosedOnceEveryRequestHasEnded() throws Exception {
        try (TestLoop loop = new TestLoop(); PageServer server = PageServer.start()) {
            URI ok = server.page("/ok", Duration.ofMillis(20), "fine");
            URI gone = server.dropping("/gone");
            URI big = server.page("/big", Duration.ZERO, PageServer.bytes(4096));
            ThreadLeaks.Snapshot before = ThreadLeaks.snapshot();
            CompletableFuture<List<Page>> all = fetchWithin(Duration.ofSeconds(1), loop, List.of(ok, gone, big), TIMEOUT);
            List<Page> pages = completes(all, Duration.ofSeconds(3), "fetchAll");
            assertThat(pages).as("pages reported").hasSize(3);
            assertThat(byPath(pages).get("/big").body()).as("body of the 4,096-byte page /big")
                    .isEqualTo(new String(PageServer.bytes(4096), StandardCharsets.UTF_8));
            assertThat(leftRunning(before))
                    .as("threads left running 1 s after fetchAll's future completed").isEmpty();
        }
    }

    @Test
    @Hint("fetchAll may be called by a task on the loop, and with no pages at all (an empty list, completed). See the "
            + "Javadoc of fetchAll.")
    void worksWhenCalledOnTheLoopAndWithNoPages() throws Exception {
        try (TestLoop loop = new TestLoop(); PageServer server = PageServer.start()) {
            URI one = server.page("/one", Duration.ofMillis(10), "1");
            CompletableFuture<CompletableFuture<List<Page>>> started = CompletableFuture.supplyAsync(
                    () -> Pages.fetchAll(loop.executor(), List.of(one), TIMEOUT), loop.executor());
            CompletableFuture<List<Page>> all = completes(started, Duration.ofSeconds(1), "the loop's call of fetchAll");
            assertThat(paths(completes(all, Duration.ofSeconds(2), "fetchAll called on the loop")))
                    .as("pages fetched by a call on the loop").containsExactly("/one");
            assertThat(completes(fetchWithin(Duration.ofSeconds(1), loop, List.of(), TIMEOUT), Duration.ofSeconds(2),
                    "fetchAll of no pages")).as("pages of an empty list").isEmpty();
        }
    }
}
