package parakit.grader.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;
import parakit.grader.submission.Submission;

/** The compile stage cannot hold a grading: every compiler run has a limit, and code that breaks the compiler fails its own question. */
class CompilerTest {

    @TempDir
    Path temp;

    private static final List<Question> TWO = Fixtures.questions("threading.Counter", "threading.Event");

    private Compiler.BuildResult compile(Path submission, Duration limit) {
        Submission s = Submission.open(submission);
        return new Compiler(limit).compile(s, TWO.stream().map(s::sourcesOf).toList(), temp.resolve("build"));
    }

    @Test
    void aCompilerRunPastItsLimitIsStoppedAndFailsTheQuestionsWithTheReason() {
        Path submission = Fixtures.solutionsWith(null, temp.resolve("s"));
        long start = System.nanoTime();
        Compiler.BuildResult r = compile(submission, Duration.ofMillis(150));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.failed()).containsOnlyKeys("threading.Counter", "threading.Event");
        assertThat(r.failed().get("threading.Counter").getFirst()).contains("did not finish within 0.2 s");
        // One run of both, then each alone: three runs of at most 150 ms plus the kill.
        assertThat(millis).as("the compile stage with a 150 ms limit took %d ms", millis).isLessThan(15_000);
    }

    @Test
    void codeThatMakesTheCompilerFailCostsOnlyItsOwnQuestion() throws Exception {
        Path submission = Fixtures.solutionsWith(null, temp.resolve("s"));
        Path counter = submission.resolve("src/main/java/parakit/threading/Counter.java");
        StringBuilder bomb = new StringBuilder("\n    static final String S0 = \"ab\";\n");
        for (int i = 1; i < 29; i++) {
            bomb.append("    static final String S").append(i).append(" = S").append(i - 1).append(" + S").append(i - 1).append(";\n");
        }
        String source = Files.readString(counter);
        int brace = source.lastIndexOf('}');
        Files.writeString(counter, source.substring(0, brace) + bomb + "    static String v = S28;\n}\n");
        Compiler.BuildResult r = compile(submission, Duration.ofSeconds(60));
        assertThat(r.failed()).containsOnlyKeys("threading.Counter");
        assertThat(r.failed().get("threading.Counter").getFirst()).contains("did not finish normally");
        assertThat(r.compiled(TWO.get(1))).as("Event compiled").isTrue();
    }

    @Test
    void anErrorNamesTheFileTheLineAndTheCompilersMessage() throws Exception {
        Path submission = Fixtures.solutionsWith(null, temp.resolve("s"));
        Path counter = submission.resolve("src/main/java/parakit/threading/Counter.java");
        Files.writeString(counter, Files.readString(counter).replace("return value;", "return valu;"));
        Compiler.BuildResult r = compile(submission, Duration.ofSeconds(60));
        assertThat(r.failed()).containsOnlyKeys("threading.Counter");
        assertThat(r.failed().get("threading.Counter").getFirst())
                .matches("(?s)src/main/java/parakit/threading/Counter\\.java:\\d+: error: cannot find symbol.*valu.*");
    }
}
