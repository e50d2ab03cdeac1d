package parakit.queues;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import parakit.profiling.Profiler;

/**
 * Runs Q1's two fetchers on real pages and prints their timings with the profiler of the profiling section, as
 * the practical does with {@code @do_profile}. Run it from your IDE, with URLs as arguments; without arguments it
 * fetches the practical's three hosts. Not graded (it needs the network).
 */
public final class FetchPagesDemo {

    private FetchPagesDemo() {
    }

    public static void main(String[] args) throws Exception {
        List<URI> uris = (args.length > 0 ? List.of(args)
                : List.of("https://lapp.in2p3.fr", "https://www.surf.nl", "https://www.intel.fr"))
                .stream().map(URI::create).toList();
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            List<FetchPages.Fetched> serial = Profiler.profile("serial", System.out,
                    () -> FetchPages.serial(client, uris));
            List<FetchPages.Fetched> concurrent = Profiler.profile(uris.size() + " workers", System.out,
                    () -> FetchPages.concurrent(client, uris, uris.size()));
            for (int i = 0; i < uris.size(); i++) {
                System.out.println(describe(serial.get(i)) + "   |   " + describe(concurrent.get(i)));
            }
        }
    }

    private static String describe(FetchPages.Fetched f) {
        return switch (f) {
            case FetchPages.Fetched.Page p -> "Fetched: " + p.uri() + " (" + p.head().length + " bytes kept)";
            case FetchPages.Fetched.Failed x -> "Failed: " + x.uri() + " (" + x.reason() + ")";
        };
    }
}
