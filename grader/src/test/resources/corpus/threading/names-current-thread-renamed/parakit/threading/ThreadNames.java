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
            Thread.currentThread().setName(prefix + "-" + i);
            Thread t = new Thread(() -> body.accept(Thread.currentThread().getName()));
            t.start();
            threads.add(t);
        }
        return threads;
    }

    public static String defaultPlatformNamePattern() {
        return "Thread-[0-9]";
    }

    public static String defaultVirtualName() {
        return "Thread-0";
    }
}
