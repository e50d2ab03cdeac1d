package parakit.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server for the exercises that fetch web pages: the tests never use the internet.
 *
 * <p>It listens on the loopback address only, on a port the system picks, and answers each request on a virtual
 * thread of its own, so a delayed page never holds up another request. A test declares the pages it needs:
 * <pre>{@code
 * try (PageServer server = PageServer.start()) {
 *     URI slow = server.page("/slow", Duration.ofMillis(40), "hello");   // 200 after 40 ms
 *     URI big = server.page("/big", Duration.ZERO, PageServer.bytes(4096));
 *     URI error = server.failing("/error", 500);                       // 500 with a short body
 *     URI gone = server.dropping("/gone");                             // connection closed, no answer
 *     ... fetch them ...
 *     assertThat(server.requests("/slow")).isEqualTo(1);
 * }
 * }</pre>
 * A path that was not declared answers 404 (and is counted like any other). Each request is counted when it
 * arrives, before any delay, so a count read after a fetch has returned includes that fetch.
 *
 * <p>Thread safety: pages may be declared and counts read from any thread, also while requests are served.
 */
public final class PageServer implements AutoCloseable {

    /** What the server does for one path. */
    private sealed interface Page {
    }

    /** Answers {@code status} with {@code body} after {@code delay}. */
    private record Answer(Duration delay, int status, byte[] body) implements Page {
    }

    /** Closes the connection after {@code delay} without sending anything. */
    private record Drop(Duration delay) implements Page {
    }

    private final HttpServer server;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    private PageServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. Close it when done (try-with-resources). */
    public static PageServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        PageServer pageServer = new PageServer(http);
        http.setExecutor(pageServer.exchanges);
        http.createContext("/", pageServer::serve);
        http.start();
        return pageServer;
    }

    /**
     * Declares a page that answers 200 with {@code body} (UTF-8) after {@code delay}.
     *
     * @return the page's address
     */
    public URI page(String path, Duration delay, String body) {
        return page(path, delay, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Declares a page that answers 200 with {@code body} after {@code delay}.
     *
     * @return the page's address
     */
    public URI page(String path, Duration delay, byte[] body) {
        return declare(path, new Answer(nonNegative(delay), 200, body.clone()));
    }

    /**
     * Declares a page that answers {@code status} (for example 404 or 500) at once, with a short text body.
     *
     * @return the page's address
     */
    public URI failing(String path, int status) {
        return failing(path, Duration.ZERO, status);
    }

    /** Like {@link #failing(String, int)}, after {@code delay}. */
    public URI failing(String path, Duration delay, int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        byte[] body = ("status " + status + " for " + path).getBytes(StandardCharsets.UTF_8);
        return declare(path, new Answer(nonNegative(delay), status, body));
    }

    /**
     * Declares a page whose requests get no answer: the server closes the connection at once, so the client
     * sees an I/O error. (The JDK's {@code HttpClient} sends a GET once more on a connection closed without an
     * answer, so one fetch of such a page counts as two requests with it.)
     *
     * @return the page's address
     */
    public URI dropping(String path) {
        return dropping(path, Duration.ZERO);
    }

    /** Like {@link #dropping(String)}, after {@code delay}. */
    public URI dropping(String path, Duration delay) {
        return declare(path, new Drop(nonNegative(delay)));
    }

    /** The address of {@code path} on this server, declared or not (an undeclared path answers 404). */
    public URI uri(String path) {
        checkPath(path);
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    /** How many requests for {@code path} have arrived so far. */
    public int requests(String path) {
        AtomicInteger count = counts.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many requests have arrived so far, for any path. */
    public int requests() {
        return total.get();
    }

    /** {@code n} deterministic bytes: byte {@code i} is {@code 'a' + i % 26}. */
    public static byte[] bytes(int n) {
        byte[] body = new byte[n];
        for (int i = 0; i < n; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** Stops the server at once: requests still being delayed are cut off. */
    @Override
    public void close() {
        server.stop(0);
        exchanges.shutdownNow();
    }

    private URI declare(String path, Page page) {
        checkPath(path);
        pages.put(path, page);
        return uri(path);
    }

    private static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
            throw new IllegalArgumentException("a path starts with / and has no query, fragment or space: " + path);
        }
    }

    private static Duration nonNegative(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return delay;
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        total.incrementAndGet();
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Page page = pages.getOrDefault(path,
                new Answer(Duration.ZERO, 404, ("no page " + path).getBytes(StandardCharsets.UTF_8)));
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            switch (page) {
                case Drop drop -> {
                    sleep(drop.delay());
                    // Closing the exchange before any header is sent makes the server drop the connection.
                    exchange.getResponseBody().close();
                }
                case Answer answer -> {
                    sleep(answer.delay());
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            }
        }
    }

    private static void sleep(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("server stopped", e);
        }
    }
}
