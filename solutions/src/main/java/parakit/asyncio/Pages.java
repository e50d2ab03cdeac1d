package parakit.asyncio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Q6. Several pages fetched at once: the practical's {@code fetch_page} with {@code aiohttp}, here with the JDK's
 * {@link HttpClient}, whose {@code sendAsync} returns a {@link CompletableFuture} of the response instead of blocking.
 * All requests are in flight together, so the pages arrive in the order the server answers them, and the whole
 * fetch takes about as long as the slowest page, not the sum.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * What became of one request: the page's status and body if the server answered (whatever the status), or the
     * failure that kept an answer from arriving (status {@code -1}, body {@code null}).
     *
     * @param uri     the page's address
     * @param status  the HTTP status of the answer, or {@code -1} if there was none
     * @param body    the body of the answer as text (UTF-8), or {@code null} if there was none
     * @param failure why no answer arrived (a dropped connection, a time-out), or {@code null} if one did
     */
    public record Page(URI uri, int status, String body, Throwable failure) {
    }

    /**
     * Sends a GET request for every URI of {@code uris} at once, with one new {@link HttpClient}, and returns at once
     * with a future of the pages, without waiting for any answer; it may be called on the loop's thread.
     *
     * <p>Each page is handed to the loop as it arrives and appended there to the list of pages, which is thus in the
     * order in which the requests ended (the fastest first), not the order of {@code uris}. One request is sent per
     * URI. The returned future completes normally, on the loop's thread, with a page for every URI, about as long
     * after the call as the slowest request takes (not the sum of all).
     *
     * <p>Failures never go unreported and never hang the fetch: an answer with any status is a page with that status
     * and its body; a request that ends without an answer (a dropped connection) or that gets none within
     * {@code timeout} is a page with its failure, status {@code -1} and body {@code null}. The other pages are not
     * affected.
     *
     * <p>The client is closed without blocking anything once every request has ended: its threads end.
     *
     * @param loop    the event loop: an executor that runs its tasks one at a time on one thread
     * @param uris    the pages to fetch; may be empty
     * @param timeout how long each request may wait for its answer
     * @return a future of one page per URI, in the order they arrived
     */
    public static CompletableFuture<List<Page>> fetchAll(Executor loop, List<URI> uris, Duration timeout) {
        // >>> SOLUTION Pages.fetchAll
        // Send every request at once on one new client, each with the time limit; hand each page (or its failure)
        // to the loop as it arrives, where it joins the list; return a future of the list, completed on the loop
        // once every request has ended, and close the client then without waiting for it.
        HttpClient client = HttpClient.newHttpClient();
        List<Page> pages = new ArrayList<>(uris.size()); // touched on the loop's thread only
        List<CompletableFuture<Void>> arrivals = new ArrayList<>(uris.size());
        for (URI uri : uris) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            arrivals.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> failure == null
                            ? new Page(uri, response.statusCode(), response.body(), null)
                            : new Page(uri, -1, null, failure instanceof CompletionException wrapped
                                    && wrapped.getCause() != null ? wrapped.getCause() : failure))
                    .thenAcceptAsync(pages::add, loop));
        }
        return CompletableFuture.allOf(arrivals.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> client.shutdown())
                .thenApplyAsync(done -> pages, loop);
        // <<< SOLUTION
    }
}
