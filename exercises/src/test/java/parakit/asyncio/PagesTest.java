package parakit.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.asyncio.Pages.Page;
import parakit.support.Hint;
import parakit.support.PageServer;

/** Public tests for Q6 (Pages), against a local server. The grader runs more, hidden, ones. */
@Timeout(10)
class PagesTest {

    @Test
    @Hint("All requests are in flight at once: the delayed page arrives last. See the lesson's Pages section.")
    void theDelayedPageArrivesLast() throws Exception {
        try (PageServer server = PageServer.start(); ExecutorService loop = Executors.newSingleThreadExecutor()) {
            URI slow = server.page("/slow", Duration.ofMillis(300), "slow");
            URI fast = server.page("/fast", Duration.ZERO, "fast");
            List<Page> pages = Pages.fetchAll(loop, List.of(slow, fast), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            assertThat(pages).as("pages in the order they arrived").containsExactly(
                    new Page(fast, 200, "fast", null), new Page(slow, 200, "slow", null));
        }
    }

    @Test
    @Hint("A failing page is reported with its status, not lost. See the lesson's Pages section on failures.")
    void aFailingPageIsReported() throws Exception {
        try (PageServer server = PageServer.start(); ExecutorService loop = Executors.newSingleThreadExecutor()) {
            URI error = server.failing("/error", 503);
            List<Page> pages = Pages.fetchAll(loop, List.of(error), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            assertThat(pages).as("pages of a fetch of one failing page").hasSize(1);
            assertThat(pages.get(0).status()).as("status of the failing page").isEqualTo(503);
        }
    }
}
