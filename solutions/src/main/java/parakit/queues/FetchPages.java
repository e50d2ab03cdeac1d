package parakit.queues;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Q1. Fetching web pages one after another, and with a pool of worker threads fed by a queue: the practical's
 * {@code fetch_pages} and {@code ThreadUrl}. Fetching a page is mostly waiting for the network, so workers that
 * wait at the same time finish sooner: N pages that each take d to answer take about N·d one after another, and
 * about ⌈N/W⌉·d with W workers.
 *
 * <p>Both methods fetch every URI of the list exactly once (a URI listed twice is fetched twice) with
 * {@code GET} requests sent with {@link HttpClient#send}, and return one {@link Fetched} per URI, in the order of
 * the list. A page is {@link Fetched.Page} when the server answered 200; its {@code head} holds the first
 * {@link #HEAD_BYTES} bytes of the body (all of it if shorter). Any other status, or a failure of the exchange (a
 * refused or dropped connection), is {@link Fetched.Failed} for that URI: it is reported, and the other URIs are
 * still fetched.
 */
public final class FetchPages {

    /** How much of each page is kept: the practical prints the first 1024 bytes. */
    public static final int HEAD_BYTES = 1024;

    /** What fetching one URI gave. */
    public sealed interface Fetched {

        /** The URI fetched. */
        URI uri();

        /**
         * A page the server answered with status 200.
         *
         * @param head the first {@link #HEAD_BYTES} bytes of its body, or the whole body if it is shorter
         */
        record Page(URI uri, byte[] head) implements Fetched {
            @Override
            public boolean equals(Object o) {
                return o instanceof Page p && p.uri.equals(uri) && Arrays.equals(p.head, head);
            }

            @Override
            public int hashCode() {
                return uri.hashCode() * 31 + Arrays.hashCode(head);
            }

            @Override
            public String toString() {
                return "Page[" + uri + ", " + head.length + " bytes]";
            }
        }

        /**
         * A URI that gave no page.
         *
         * @param reason why: {@code "status 404"} for an answer other than 200 (with its status), or the exception
         *               of a failed exchange ({@code "java.io.IOException: ..."})
         */
        record Failed(URI uri, String reason) implements Fetched {
        }
    }

    private FetchPages() {
    }

    /**
     * Fetches the pages one after another, on the calling thread.
     *
     * @param client the client to send the requests with (the caller's: this method does not close it)
     * @param uris   the pages; may be empty
     * @return one result per URI, in the order of {@code uris}
     * @throws InterruptedException if the calling thread is interrupted while it waits for a page
     */
    public static List<Fetched> serial(HttpClient client, List<URI> uris) throws InterruptedException {
        // >>> SOLUTION FetchPages.serial
        // Fetch each page in turn and collect the results in order.
        List<Fetched> results = new ArrayList<>(uris.size());
        for (URI uri : uris) {
            results.add(fetch(client, uri));
        }
        return results;
        // <<< SOLUTION
    }

    /**
     * Fetches the pages with {@code workers} worker threads that take the URIs from a queue, one at a time, until
     * none is left, and waits until every page has been fetched.
     *
     * <p>Threads: at most {@code workers} platform threads are started (no more than there are URIs); each page is
     * fetched on one of them, never on the calling thread, and up to {@code workers} pages are fetched at the same
     * time. A failed page does not stop its worker. When this method returns or throws, every worker has ended.
     *
     * <p>Memory consistency: what a worker did for a page happens-before this method returns.
     *
     * @param client  the client to send the requests with (the caller's: this method does not close it)
     * @param uris    the pages; may be empty
     * @param workers how many worker threads, at least 1
     * @return one result per URI, in the order of {@code uris}
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws InterruptedException     if the calling thread is interrupted while it waits for the workers; the
     *                                  workers are interrupted too, and have ended when this is thrown
     */
    public static List<Fetched> concurrent(HttpClient client, List<URI> uris, int workers)
            throws InterruptedException {
        // >>> SOLUTION FetchPages.concurrent
        // Put the work in a queue, start the worker threads, and wait for all of them (see the Javadoc for what
        // must hold when this method returns or throws).
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        Fetched[] results = new Fetched[uris.size()];
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        for (int i = 0; i < uris.size(); i++) {
            queue.add(i);
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, uris.size()); w++) {
            threads.add(Thread.ofPlatform().name("fetcher-" + w).start(() -> {
                try {
                    for (Integer i = queue.poll(); i != null; i = queue.poll()) {
                        results[i] = fetch(client, uris.get(i));
                    }
                } catch (InterruptedException e) {
                    // asked to stop: end the worker
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                t.join(); // each ends as soon as its fetch sees the interrupt; a second interrupt would end this wait
            }
            throw e;
        }
        return List.of(results);
        // <<< SOLUTION
    }

    // >>> SOLUTION FetchPages.fetch
    // Write what both methods need to fetch one page (see the class comment for what a result holds).
    // stub:
    private static Fetched fetch(HttpClient client, URI uri) throws InterruptedException {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return new Fetched.Failed(uri, "status " + response.statusCode());
                }
                return new Fetched.Page(uri, body.readNBytes(HEAD_BYTES));
            }
        } catch (IOException e) {
            return new Fetched.Failed(uri, e.toString());
        }
    }
    // <<< SOLUTION
}
