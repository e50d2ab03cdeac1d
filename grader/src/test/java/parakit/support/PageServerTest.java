package parakit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class PageServerTest {

    private static HttpResponse<byte[]> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersDeclaredPagesFailuresAndUnknownPathsAndCountsEveryRequest() throws Exception {
        try (PageServer server = PageServer.start(); HttpClient client = HttpClient.newHttpClient()) {
            URI text = server.page("/text", Duration.ZERO, "héllo");
            URI big = server.page("/big", Duration.ZERO, PageServer.bytes(3000));
            URI error = server.failing("/error", 500);
            assertThat(text.getHost()).isEqualTo("127.0.0.1");

            HttpResponse<byte[]> first = get(client, text);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(new String(first.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("héllo");
            byte[] body = get(client, big).body();
            assertThat(body).hasSize(3000);
            assertThat(body[0]).isEqualTo((byte) 'a');
            assertThat(body[27]).isEqualTo((byte) 'b');
            assertThat(get(client, error).statusCode()).isEqualTo(500);
            assertThat(get(client, server.uri("/nowhere")).statusCode()).isEqualTo(404);
            get(client, text);

            assertThat(server.requests("/text")).isEqualTo(2);
            assertThat(server.requests("/big")).isEqualTo(1);
            assertThat(server.requests("/nowhere")).isEqualTo(1);
            assertThat(server.requests("/never")).isZero();
            assertThat(server.requests()).isEqualTo(5);
        }
    }

    @Test
    void aDroppedConnectionIsAnIoErrorForTheClient() throws Exception {
        try (PageServer server = PageServer.start(); HttpClient client = HttpClient.newHttpClient()) {
            URI gone = server.dropping("/gone");
            assertThatThrownBy(() -> get(client, gone)).isInstanceOf(IOException.class);
            // java.net.http retries an idempotent GET once on a closed connection: one fetch, two requests.
            assertThat(server.requests("/gone")).isBetween(1, 2);
        }
    }

    @Test
    void delayedPagesAreServedAtTheSameTimeNotOneAfterAnother() throws Exception {
        try (PageServer server = PageServer.start(); HttpClient client = HttpClient.newHttpClient()) {
            int n = 8;
            Duration delay = Duration.ofMillis(300);
            List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                URI uri = server.page("/p" + i, delay, "x");
                all.add(client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            // One after another would take n * 300 ms = 2.4 s; together about 300 ms. The wide margin holds under load.
            assertThat(millis).as("8 pages of 300 ms fetched at once took %d ms", millis).isLessThan(n * 300 / 2);
            assertThat(millis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void rejectsBadDeclarations() throws Exception {
        try (PageServer server = PageServer.start()) {
            assertThatThrownBy(() -> server.page("noslash", Duration.ZERO, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.page("/a?b", Duration.ZERO, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.page("/a", Duration.ofMillis(-1), "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.failing("/a", 42)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
