package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.multiprocessing.ProcessQueue.Launcher;
import parakit.multiprocessing.ProcessQueue.Report;
import parakit.support.ChildJvm;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q6. The consumer is tested alone (the test is its producer and holds its standard input open,
 * so a consumer that does not stop at the sentinel is seen waiting), the producer alone, and {@code run} with
 * the test's launcher, which may start a stand-in of either program ({@code ChildJvm}: the classes under test
 * exist only in this JVM's memory). Stand-ins that must be ordered against each other meet through marker files
 * in a temporary folder (a READY mark, never a sleep of the test); stand-ins that linger after closing their
 * output make a missing wait show.
 */
@Question(section = "multiprocessing", number = 6, title = "A queue between two processes", timeoutSeconds = 40)
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter", "java.io.EOFException", "java.lang.System#in"},
        why = "the parent starts the two programs and passes lines between their standard streams; the consumer "
                + "reads its standard input")
@Requires(type = ProcessBuilder.class, method = "*", in = "ProcessQueue.run",
        why = "ProcessQueue.run must hand the launcher a ProcessBuilder for each program")
class ProcessQueueHiddenTest {

    /** How long run may take here; a correct one takes well under a second, a deadlocked one for ever. */
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** How long the consumer alone may take to end after its input; only a consumer that does not stop waits it. */
    private static final long ENDS_WITHIN_SECONDS = 4;

    private static final List<String> JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final String SENTINEL = ProcessQueue.SENTINEL;

    // ---- stand-ins, started by the test's launcher in place of (or around) the student's programs ----

    /** Runs the student's producer, then closes its output and lingers: a parent that does not wait returns early. */
    static final class LingeringProducer {
        public static void main(String[] args) throws Exception {
            ProcessQueue.Producer.main(args);
            System.out.close();
            Thread.sleep(700);
        }
    }

    /** Runs the student's consumer, then closes its output and lingers. */
    static final class LingeringConsumer {
        public static void main(String[] args) throws Exception {
            ProcessQueue.Consumer.main(args);
            System.out.close();
            Thread.sleep(700);
        }
    }

    /** Prints its arguments as items, then dies (exit 5) before any sentinel. */
    static final class DyingProducer {
        public static void main(String[] args) {
            for (String item : args) {
                System.out.println(item);
            }
            System.out.flush();
            Runtime.getRuntime().halt(5);
        }
    }

    /**
     * args[0]: the marker folder. Prints "first", then waits (up to 4 s) until the consumer has printed something,
     * then prints "second" (or "late" when it waited in vain) and the sentinel.
     */
    static final class GatedProducer {
        public static void main(String[] args) throws Exception {
            Path consumed = Path.of(args[0], "consumed");
            System.out.println("first");
            System.out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (!Files.exists(consumed) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            System.out.println(Files.exists(consumed) ? "second" : "late");
            System.out.println(SENTINEL);
            System.out.flush();
        }
    }

    /** args[0]: the marker folder. Runs the student's consumer and marks the folder when it first prints. */
    static final class MarkingConsumer {
        public static void main(String[] args) throws Exception {
            Path consumed = Path.of(args[0], "consumed");
            PrintStream real = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                private boolean marked;

                @Override
                public void write(int b) throws IOException {
                    real.write(b);
                    if (!marked) {
                        real.flush();
                        marked = true;
                        Files.writeString(consumed, "1");
                    }
                }

                @Override
                public void flush() {
                    real.flush();
                }
            }, true, StandardCharsets.UTF_8));
            ProcessQueue.Consumer.main(Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /**
     * args[0]: the marker folder, then the items. Prints the items and the sentinel, waits (up to 4 s) until the
     * consumer has ended, then prints 2000 lines more: the parent then writes to a pipe nobody reads.
     */
    static final class TalkativeProducer {
        public static void main(String[] args) throws Exception {
            Path ended = Path.of(args[0], "consumer-pid");
            for (String item : Arrays.copyOfRange(args, 1, args.length)) {
                System.out.println(item);
            }
            System.out.println(SENTINEL);
            System.out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (!Files.exists(ended) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (Files.exists(ended)) {
                long pid = Long.parseLong(Files.readString(ended).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    try {
                        p.onExit().get(4, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // the test's checks tell
                    }
                });
            }
            for (int i = 0; i < 2000; i++) {
                System.out.println("after the sentinel " + i);
            }
            System.out.flush();
        }
    }

    /** args[0]: the marker folder. Runs the student's consumer, then leaves its pid there and ends. */
    static final class PidConsumer {
        public static void main(String[] args) throws Exception {
            ProcessQueue.Consumer.main(Arrays.copyOfRange(args, 1, args.length));
            Path dir = Path.of(args[0]);
            Path tmp = Files.writeString(dir.resolve("pid.tmp"), String.valueOf(ProcessHandle.current().pid()));
            Files.move(tmp, dir.resolve("consumer-pid"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    // ---- harness ----

    private Set<Long> before;

    /** The programs run asked the launcher for, in order. */
    private final List<String> launched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    /**
     * A launcher that starts {@code producer} for the student's Producer and {@code consumer} for the Consumer,
     * each with {@code prefix} before the arguments run gives.
     */
    private Launcher launcher(Class<?> producer, Class<?> consumer, String... prefix) {
        return (builder, main, args) -> {
            launched.add(main.getSimpleName());
            Class<?> actual = main == ProcessQueue.Producer.class ? producer
                    : main == ProcessQueue.Consumer.class ? consumer : main;
            List<String> all = new ArrayList<>(List.of(prefix));
            all.addAll(List.of(args));
            return ChildJvm.start(builder, actual, JVM, all.toArray(String[]::new));
        };
    }

    private Report run(Launcher launcher, List<String> items) throws Exception {
        return Children.within(LIMIT, before, "ProcessQueue.run(" + items.size() + " items)",
                () -> ProcessQueue.run(launcher, items));
    }

    private static List<String> doubled(List<String> items) {
        return items.stream().map(s -> s + s).toList();
    }

    /** What a program run alone printed, and how it ended. */
    private record Alone(boolean ended, int exit, List<String> out, String err) {
    }

    /**
     * Starts {@code main} alone with {@code args}, writes {@code input} to it (one line each), closes its input if
     * {@code close}, and waits up to {@link #ENDS_WITHIN_SECONDS} for it to end. Its output goes to files (a
     * process that is destroyed closes its pipes).
     */
    private static Alone alone(Path dir, Class<?> main, List<String> input, boolean close, String... args)
            throws Exception {
        Path err = dir.resolve("stderr.txt");
        Path out = dir.resolve("stdout.txt");
        Process p = ChildJvm.start(new ProcessBuilder().redirectOutput(out.toFile()).redirectError(err.toFile()),
                main, JVM, args);
        OutputStream in = p.getOutputStream();
        try {
            for (String line : input) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            if (close) {
                in.close();
            }
            boolean ended = p.waitFor(ENDS_WITHIN_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
            List<String> lines = Files.readString(out).lines().toList();
            return new Alone(ended, ended ? p.exitValue() : -1, lines, Files.readString(err));
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // the child has ended
            }
        }
    }

    // ---- the producer alone ----

    @Test
    @Hint("The producer puts every item on the pipe, one line each and in order, then the sentinel line, and "
            + "ends. See the lesson's Q6 on the producer.")
    void theProducerPrintsEveryItemThenTheSentinel(@TempDir Path dir) throws Exception {
        String[] items = {"5", "10", "", "END ", "13"};
        Alone a = alone(dir, ProcessQueue.Producer.class, List.of(), true, items);
        List<String> expected = new ArrayList<>(List.of(items));
        expected.add(SENTINEL);
        assertThat(a.ended()).as("the producer ended by itself").isTrue();
        assertThat(a.out()).as("lines the producer printed for items " + List.of(items)).isEqualTo(expected);
        assertThat(a.exit()).as("exit code of the producer").isZero();
    }

    // ---- the consumer alone ----

    @Test
    @Points(2)
    @Hint(value = "The consumer must stop at the sentinel by itself: it must not wait for the end of its input, "
            + "which may never come. How does your loop tell the sentinel line? See the lesson's Q6 on comparing "
            + "lines.", when = "did not end")
    @Hint(value = "The sentinel marks the end of the items: it is not an item. Look at the order of the check and "
            + "the work in the practical's consumer. See the lesson's Q6.", when = "sentinel")
    void theConsumerStopsAtTheSentinelWithoutProcessingIt(@TempDir Path dir) throws Exception {
        Alone a = alone(dir, ProcessQueue.Consumer.class, List.of("a", "b", SENTINEL, "c", SENTINEL), false);
        assertThat(a.ended()).as("the consumer did not end within " + ENDS_WITHIN_SECONDS + " s of the sentinel "
                + "line (its input still open): it did not end at the sentinel").isTrue();
        assertThat(a.out()).as("lines the consumer printed for a, b, the sentinel, c (the sentinel must not be "
                + "processed, nor anything after it)").containsExactly("aa", "bb");
        assertThat(a.exit()).as("exit code of a consumer that stopped at the sentinel").isZero();
    }

    @Test
    @Points(2)
    @Hint("Only a line that is the sentinel exactly ends the stream: every other line is an item, an empty one, "
            + "or one that differs from the sentinel in case, spaces or length, too. See the lesson's Q6 on "
            + "comparing lines.")
    void everyItemBeforeTheSentinelIsProcessedOnceInOrder(@TempDir Path dir) throws Exception {
        List<String> items = List.of("5", "END ", "end", "", " END", "ENDING", "10", "END\t", "-1", "13");
        List<String> input = new ArrayList<>(items);
        input.add(SENTINEL);
        Alone a = alone(dir, ProcessQueue.Consumer.class, input, true);
        assertThat(a.out()).as("lines the consumer printed for " + items.stream().map(s -> "\"" + s + "\"").toList()
                + " and the sentinel: each item processed once, in order").isEqualTo(doubled(items));
        assertThat(a.exit()).as("exit code of the consumer").isZero();
    }

    @Test
    @Hint("The sentinel may never come (the producer died): at the end of its input the consumer has processed "
            + "what came and must end with the error the contract names, not wait or loop. See the lesson's Q6 on "
            + "a producer that dies.")
    void anInputThatEndsBeforeTheSentinelEndsTheConsumerWithAnError(@TempDir Path dir) throws Exception {
        Alone a = alone(dir, ProcessQueue.Consumer.class, List.of("a", "b"), true);
        assertThat(a.ended()).as("the consumer ended after its input ended without a sentinel").isTrue();
        assertThat(a.out()).as("lines the consumer printed for a, b and then the end of its input")
                .containsExactly("aa", "bb");
        assertThat(a.exit()).as("exit code of a consumer whose input ended before the sentinel").isEqualTo(1);
        assertThat(a.err()).as("what the consumer's exception was").contains("java.io.EOFException");
    }

    // ---- run: both programs ----

    @Test
    @Points(3)
    @Hint(value = "The consumer prints while it reads: if nobody reads its output while the items are passed on, "
            + "its output pipe fills, it stops reading, and the parent waits for ever. Passing on and reading must "
            + "go on at the same time. See the lesson's Q6 on the parent.", when = "did not return")
    @Hint(value = "run must wait for both processes (join them) before it returns. See the lesson's Q6 on "
            + "joining.", when = "left running")
    @Hint("Every item the producer puts on the pipe must reach the consumer once and in order, and come back "
            + "processed. See the lesson's Q6.")
    void thousandsOfItemsPassInOrderAndBothProcessesAreWaitedFor() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            items.add("item " + i + " of the stream, padded to fifty characters".substring(0, 30) + i);
        }
        Report r = run(launcher(LingeringProducer.class, LingeringConsumer.class), items);
        List<String> left = Children.leftRunning(before, Duration.ZERO);
        assertThat(left).as("processes left running when run returned (producer and consumer linger a little "
                + "after their output ends)").isEmpty();
        assertThat(r.processed()).as("what the consumer printed for 4000 items, in order").isEqualTo(doubled(items));
        assertThat(r.producerExit()).as("exit code of the producer").isZero();
        assertThat(r.consumerExit()).as("exit code of the consumer").isZero();
        assertThat(launched).as("programs run started (one producer, one consumer)")
                .containsExactlyInAnyOrder("Producer", "Consumer");
    }

    @Test
    @Hint("With no items the producer puts only the sentinel on the pipe, and the consumer processes nothing. See "
            + "the lesson's Q6.")
    void noItemsIsAStreamOfOnlyTheSentinel() throws Exception {
        Report r = run(launcher(ProcessQueue.Producer.class, ProcessQueue.Consumer.class), List.of());
        assertThat(r.processed()).as("what the consumer printed for no items").isEmpty();
        assertThat(r.producerExit()).as("exit code of the producer").isZero();
        assertThat(r.consumerExit()).as("exit code of the consumer").isZero();
    }

    @Test
    @Points(2)
    @Hint(value = "The items must flow while the producer runs: both processes run at the same time, and each line "
            + "is passed on as soon as it comes (nothing waits in a buffer). See the lesson's Q6 on the parent.")
    void itemsReachTheConsumerWhileTheProducerIsStillRunning(@TempDir Path dir) throws Exception {
        Report r = run(launcher(GatedProducer.class, MarkingConsumer.class, dir.toString()), List.of());
        assertThat(r.processed()).as("what the consumer printed; a producer that puts \"first\" on the pipe waits "
                + "up to 4 s for the consumer to process it, then puts \"second\" (\"late\" if it waited in vain)")
                .containsExactly("firstfirst", "secondsecond");
    }

    @Test
    @Points(2)
    @Hint(value = "A producer that dies before its sentinel: the consumer's input must still end (the parent closes "
            + "it when the producer's output ends), or the consumer waits for ever. See the lesson's Q6 on a "
            + "producer that dies.", when = "did not return")
    @Hint("A producer that dies before its sentinel is no error of run: the consumer sees the end of its input, "
            + "and the report says how both ended. See the lesson's Q6 on a producer that dies.")
    void aProducerThatDiesBeforeTheSentinelIsReported() throws Exception {
        List<String> items = List.of("5", "10");
        Report r = run(launcher(DyingProducer.class, ProcessQueue.Consumer.class), items);
        assertThat(r.processed()).as("what the consumer printed before its input ended").isEqualTo(doubled(items));
        assertThat(r.producerExit()).as("exit code of a producer that died (halt(5))").isEqualTo(5);
        assertThat(r.consumerExit()).as("exit code of a consumer whose input ended before the sentinel")
                .isEqualTo(1);
        assertThat(Children.leftRunning(before, Duration.ofMillis(500))).as("processes left running after run")
                .isEmpty();
    }

    @Test
    @Hint(value = "The consumer ends at the sentinel; if the producer prints more after it, passing that on fails (a broken "
            + "pipe), and that is no error of run: what the consumer can no longer take is dropped. See the "
            + "lesson's Q6 on the parent.", on = {Hint.Failure.ASSERTION, Hint.Failure.TIMEOUT,
            Hint.Failure.EXCEPTION})
    void aConsumerThatHasEndedDoesNotEndTheRun(@TempDir Path dir) throws Exception {
        List<String> items = List.of("a", "b");
        Report r = run(launcher(TalkativeProducer.class, PidConsumer.class, dir.toString()), items);
        assertThat(r.processed()).as("what the consumer printed").isEqualTo(doubled(items));
        assertThat(r.producerExit()).as("exit code of the producer").isZero();
        assertThat(r.consumerExit()).as("exit code of the consumer").isZero();
    }

    @Test
    @Hint("An item that is the sentinel or spans lines cannot travel as one line: run rejects it before it "
            + "starts anything. See the lesson's Q6.")
    void itemsThatCannotBeLinesAreRejectedBeforeAnyProcessStarts() {
        Launcher l = launcher(ProcessQueue.Producer.class, ProcessQueue.Consumer.class);
        for (List<String> bad : List.of(List.of("a", SENTINEL), List.of("\nab"), List.of("ok", "\r"))) {
            assertThatThrownBy(() -> ProcessQueue.run(l, bad)).as("run with items " + bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(launched).as("programs started for items that were rejected").isEmpty();
    }
}
