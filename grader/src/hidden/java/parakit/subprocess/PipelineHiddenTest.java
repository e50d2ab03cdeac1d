package parakit.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.api.Allows;
import parakit.grader.api.Callers;
import parakit.grader.api.Callers.Caller;
import parakit.grader.api.Points;
import parakit.grader.api.Question;
import parakit.grader.api.Requires;
import parakit.subprocess.Pipeline.StageFailedException;
import parakit.support.Children;
import parakit.support.Hint;

/**
 * Hidden tests for Q5. The pipeline is held running by a named pipe (FIFO) as the file {@code cat} reads: while
 * nobody writes to it, {@code cat} waits, and the test looks at the processes the call started (three at once,
 * {@code cat}, {@code grep} and {@code cut}, and no shell); then it writes the file and checks the output.
 */
@Question(section = "subprocess", number = 5, title = "A pipeline of three processes without a shell")
@Allows(value = {"java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
        "java.io.InputStream", "java.io.OutputStream", "java.io.BufferedReader", "java.io.InputStreamReader",
        "java.io.BufferedWriter", "java.io.OutputStreamWriter"},
        why = "the subprocess questions start processes and read and write their standard streams")
@Requires(type = ProcessBuilder.class, method = "startPipeline", in = "Pipeline.run",
        why = "Pipeline.run must connect the three processes with ProcessBuilder.startPipeline")
class PipelineHiddenTest {

    private static final Duration LIMIT = Duration.ofSeconds(4);

    private static final String RST = """
            Title
            =====
            .. literalinclude:: first.py
               :language: python
            Some text: with colons: in it.
            .. literalinclude:: second.py
            .. note:: nothing to include here
            .. literalinclude::third.py:extra
            """;

    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = Children.snapshot();
    }

    @AfterEach
    void killLeftovers() {
        Children.killNew(before);
    }

    private List<String> run(String file, String text) throws Exception {
        return Children.within(LIMIT, before, "Pipeline.run(" + file + ", " + text + ")", () -> Pipeline.run(file, text));
    }

    private StageFailedException failure(String file, String text) throws Exception {
        try {
            List<String> lines = run(file, text);
            throw new AssertionError("[what Pipeline.run(" + file + ", " + text + ") threw (a stage failed)] it "
                    + "returned " + lines);
        } catch (StageFailedException e) {
            return e;
        }
    }

    @Test
    @Points(2)
    @Hint("The result is what cut -f 3 -d: writes for the lines grep selects from the file, in order, one element "
            + "per line, and each command's arguments reach it unchanged. See the lesson's Q5.")
    void theIncludedFilesOfTheAPractical(@TempDir Path dir) throws Exception {
        Path rst = Files.writeString(dir.resolve("index.rst"), RST);
        assertThat(run(rst.toString(), ".. literalinclude"))
                .as("lines of cat index.rst | grep -e '.. literalinclude' | cut -f 3 -d:")
                .containsExactly(" first.py", " second.py", "third.py");
    }

    @Test
    @Hint(value = "grep exits with 1 when it selects no line: that is an empty result, not a failed stage. See the "
            + "lesson's Q5 on exit codes in a pipeline.", on = {Hint.Failure.ASSERTION, Hint.Failure.EXCEPTION})
    void noSelectedLineIsAnEmptyResult(@TempDir Path dir) throws Exception {
        Path rst = Files.writeString(dir.resolve("index.rst"), RST);
        assertThat(run(rst.toString(), "no line has this")).as("lines of the pipeline when grep selects none")
                .isEmpty();
    }

    @Test
    @Points(2)
    @Hint(value = "Every stage has an exit code, not only the last: cat on a missing file fails, grep then sees an "
            + "empty input and cut succeeds. The first stage that failed is the one to report. See the lesson's "
            + "Q5.")
    void aFailingFirstStageIsReported(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("no-such.rst").toString();
        StageFailedException e = failure(missing, ".. literalinclude");
        assertThat(e.stage()).as("failing stage reported for cat on a missing file (0 = cat, 1 = grep, 2 = cut)")
                .isZero();
        assertThat(e.command()).as("command of the failing stage").containsExactly("cat", missing);
        assertThat(e.exitCode()).as("exit code of the failing stage (cat on a missing file)").isEqualTo(1);
        assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                .as("processes left running after the pipeline failed").isEmpty();
    }

    @Test
    @Hint(value = "The file and the text are one argument each, whatever they contain: a text that starts with a "
            + "dash is still the pattern, not an option of grep. See the lesson's Q5 on the exact commands.",
            on = {Hint.Failure.ASSERTION, Hint.Failure.TIMEOUT, Hint.Failure.EXCEPTION})
    void fileAndTextAreSingleArguments(@TempDir Path dir) throws Exception {
        Path odd = Files.writeString(dir.resolve("a file; with $(odd) name.txt"),
                "-v x:one:1\nkeep:two:2\n-v x:three:3\n");
        assertThat(run(odd.toString(), "-v x")).as("lines of the pipeline for the text '-v x' on a file with an "
                + "odd name").containsExactly("1", "3");
    }

    @Test
    @Points(3)
    @Hint(value = "The three programs run at the same time, connected by pipes, and no shell starts them: a pipe "
            + "between processes is what ProcessBuilder builds itself. See the lesson's Q5.", when = "running")
    void theThreeStagesRunAtOnceWithoutAShell(@TempDir Path dir) throws Exception {
        Path fifo = Children.fifo(dir.resolve("index.rst"));
        before = Children.snapshot();
        CompletableFuture<List<String>> result = CompletableFuture.supplyAsync(() -> {
            try {
                return Pipeline.run(fifo.toString(), ".. literalinclude");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, r -> Thread.ofPlatform().name("pipeline-caller").daemon(true).start(r));
        // cat waits for a writer of the FIFO: until then the pipeline cannot end.
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<String> programs = List.of();
        while (System.nanoTime() < deadline && !result.isDone()) {
            programs = Children.started(before).stream().map(Children::programName).sorted().toList();
            if (programs.containsAll(List.of("cat", "cut", "grep"))) {
                Thread.sleep(100); // a shell or a late stage would show up by now
                programs = Children.started(before).stream().map(Children::programName).sorted().toList();
                break;
            }
            Thread.sleep(10);
        }
        if (result.isDone()) {
            rethrow(result); // failed by itself (a stub, an exception) before the FIFO was written
        }
        assertThat(programs).as("programs running while cat waits for its file").doesNotContain("sh", "bash", "dash",
                "zsh", "ksh");
        assertThat(programs).as("programs running at once while cat waits for its file (stages of one pipeline)")
                .containsExactly("cat", "cut", "grep");
        try (var writer = Files.newOutputStream(fifo)) {
            writer.write(RST.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).as("lines of the pipeline on the FIFO")
                .containsExactly(" first.py", " second.py", "third.py");
    }

    private static void rethrow(CompletableFuture<?> result) throws Exception {
        try {
            result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    @Test
    @Points(2)
    @Hint(value = "The last stage's output must be read while the stages run: a pipe holds a few tens of KB, and a "
            + "pipeline whose output nobody reads stops. See the lesson's Q5 on reading before waiting.",
            when = "did not return")
    void aLongOutputIsReadWhileTheStagesRun(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            text.append("keep:").append(i % 3 == 0 ? "drop" : "row").append(':').append(i).append('\n');
        }
        Path big = Files.writeString(dir.resolve("big.txt"), text);
        List<String> lines = run(big.toString(), ":row:");
        assertThat(lines).as("number of lines of the pipeline on %d lines, 2 of 3 selected", n)
                .hasSize(n - (n + 2) / 3);
        assertThat(lines.getLast()).as("last line of the pipeline").isEqualTo("39998"); // 39999 is a multiple of 3: dropped
    }

    @Test
    @Hint("run must work from any thread, and leave no process running. See the lesson's Q5.")
    void worksFromEveryKindOfCallerAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        Path rst = Files.writeString(dir.resolve("index.rst"), RST);
        for (Caller caller : Callers.all()) {
            List<String> lines = caller.call(LIMIT, () -> Pipeline.run(rst.toString(), "second"));
            assertThat(lines).as("lines of the pipeline from a %s", caller.describe()).containsExactly(" second.py");
            List<String> none = caller.call(LIMIT, () -> Pipeline.run(rst.toString(), "absent"));
            assertThat(none).as("lines of the pipeline selecting nothing from a %s", caller.describe()).isEmpty();
            assertThat(Children.leftRunning(before, Duration.ofMillis(300)))
                    .as("processes left running after the pipeline from a %s", caller.describe()).isEmpty();
        }
    }
}
