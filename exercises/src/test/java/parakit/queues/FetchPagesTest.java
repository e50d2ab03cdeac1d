package parakit.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.queues.FetchPages.Fetched;
import parakit.support.Hint;
import parakit.support.PageServer;

/** Public tests for Q1 (FetchPages), on a local server. The grader runs more, hidden, ones. */
@Timeout(10)
class FetchPagesTest {

    @Test
    @Hint("Each URI gives one result, in the order of the list, with the first bytes of its page: see the lesson's Q1 "
            + "task.")
    @DisplayName("serial fetches three pages, in order, one request each")
    void serialFetchesEveryPageInOrder() throws Exception {
        try (PageServer server = PageServer.start(); ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().executor(callbacks).build()) {
            List<URI> uris = List.of(server.page("/a", Duration.ZERO, "alpha"), server.page("/b", Duration.ZERO, "beta"),
                    server.page("/c", Duration.ZERO, "gamma"));
            List<Fetched> pages = FetchPages.serial(client, uris);
            assertThat(pages).as("results of serial, one per URI in order").hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(pages.get(i)).as("result %d", i).isInstanceOf(Fetched.Page.class);
                assertThat(pages.get(i).uri()).as("URI of result %d", i).isEqualTo(uris.get(i));
            }
            assertThat(new String(((Fetched.Page) pages.get(1)).head(), StandardCharsets.UTF_8)).as("body of /b")
                    .isEqualTo("beta");
            assertThat(server.requests()).as("requests the server saw for 3 pages").isEqualTo(3);
        }
    }

    @Test
    @Hint("Three workers wait for three slow pages at the same time: see the lesson's Q1 on why threads help here.")
    @DisplayName("three workers fetch three pages of 200 ms each in well under 600 ms")
    void concurrentFetchesAtTheSameTime() throws Exception {
        try (PageServer server = PageServer.start(); ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().executor(callbacks).build()) {
            List<URI> uris = List.of(server.page("/1", Duration.ofMillis(200), "one"),
                    server.page("/2", Duration.ofMillis(200), "two"), server.page("/3", Duration.ofMillis(200), "three"));
            // Warm up first (class loading, the JIT, the first connection), so that only the pages are timed.
            FetchPages.concurrent(client, List.of(server.page("/warm", Duration.ZERO, "w")), 1);
            long start = System.nanoTime();
            List<Fetched> pages = FetchPages.concurrent(client, uris, 3);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(pages).as("results of concurrent, one per URI").hasSize(3).allMatch(p -> p instanceof Fetched.Page);
            assertThat(millis).as("ms three workers took for three pages of 200 ms (one after another: 600 ms)")
                    .isLessThan(450);
        }
    }
}
