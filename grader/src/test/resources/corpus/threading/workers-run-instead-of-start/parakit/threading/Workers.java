package parakit.threading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

public final class Workers {

    private Workers() {
    }

    public static List<Thread> startAll(int count, IntConsumer target) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int argument = i;
            Thread t = new Thread(() -> target.accept(argument));
            t.run();
            threads.add(t);
        }
        return threads;
    }
}
