package parakit.threading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public final class ThreadNames {

    private ThreadNames() {
    }

    public static List<Thread> startNamed(String prefix, int count, Consumer<String> body) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = Thread.currentThread().getName();
            threads.add(Thread.ofPlatform().name(prefix + "-" + i).start(() -> body.accept(name)));
        }
        return threads;
    }

    public static String defaultPlatformNamePattern() {
        return ".*Thread-\\d+.*";
    }

    public static String defaultVirtualName() {
        return "";
    }
}
