package parakit.grader.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A sink for the lines an asyncio question prints: records each line, when it came (ms since this sink was made)
 * and on which thread, so that a test can check order, overlap in time, and the thread that printed.
 *
 * <p>Safe to use from any number of threads; the lists are in arrival order and the same index refers to the same
 * line in all three.
 *
 * @param begin   {@link System#nanoTime()} when the sink was made
 * @param lines   the lines, in arrival order
 * @param millis  for each line, ms since {@code begin}
 * @param threads for each line, the thread that printed it
 */
public record PrintedLines(long begin, List<String> lines, List<Long> millis, List<Thread> threads)
        implements Consumer<String> {

    /** An empty sink whose clock starts now. */
    public PrintedLines() {
        this(System.nanoTime(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
    }

    @Override
    public synchronized void accept(String line) {
        // One line at a time, so that the three lists stay index-aligned when two threads print at once.
        millis.add((System.nanoTime() - begin) / 1_000_000);
        threads.add(Thread.currentThread());
        lines.add(line);
    }

    /** The ms since {@code begin} at which {@code line} was first printed, or -1 if it was not. */
    public long at(String line) {
        int i = lines.indexOf(line);
        return i < 0 ? -1 : millis.get(i);
    }
}
