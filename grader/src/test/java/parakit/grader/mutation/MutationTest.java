package parakit.grader.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;

/**
 * The mutation gate of the graded tests: every mutant of a reference solution (made inside its solution
 * regions by the kit's {@link Mutator}) must lose points, unless {@code mutation/equivalent.properties} says
 * why it cannot ({@code question|region/operator/n=reason}) or {@code mutation/known-survivors.txt} lists it
 * as a known gap (printed, tolerated: delete its line once a test kills it).
 *
 * <p>System properties: {@code -Dmutation.report=true} prints the table and never fails (what
 * {@code grader/bench/mutation.sh} runs); {@code -Dmutation.list=true} only lists the mutants;
 * {@code -Dmutation=<substring>} mutates only the questions whose id
 * contains it; {@code -Dmutation.rounds=N} grades at most N rounds (default {@value #DEFAULT_ROUNDS}, which keeps
 * the test within its CI budget: questions with more mutants than that are sampled deterministically);
 * {@code -Dmutation.lanes=N} grades N rounds at once (default {@value #DEFAULT_LANES}).
 */
class MutationTest {

    static final int DEFAULT_ROUNDS = 40;
    static final int DEFAULT_LANES = 3;
    private static final Path RESOURCES = Fixtures.root().resolve("grader/src/test/resources/mutation");
    /** As the corpus: a mutant that hangs only has to fail. */
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(6);

    @TempDir
    Path temp;

    @Test
    void everyMutantOfTheReferenceSolutionsLosesPoints() {
        String only = System.getProperty("mutation", "");
        List<Question> questions = Fixtures.CATALOG.questions().stream().filter(q -> q.id().contains(only)).toList();
        Properties equivalent = properties(RESOURCES.resolve("equivalent.properties"));
        Set<String> known = knownSurvivors(RESOURCES.resolve("known-survivors.txt"));
        if (Boolean.getBoolean("mutation.list")) {
            for (Question q : questions) {
                for (String source : q.sources()) {
                    new Mutator().mutate(q.id(), source, read(Fixtures.root().resolve("solutions/src/main/java").resolve(source)))
                            .forEach(m -> System.out.println(m.describe()));
                }
            }
            return;
        }

        MutationRun.Result result = MutationRun.run(questions, Fixtures.root().resolve("solutions/src/main/java"),
                Fixtures.root().resolve("solutions/target/classes"), equivalent.stringPropertyNames(), known,
                Integer.getInteger("mutation.rounds", DEFAULT_ROUNDS), Integer.getInteger("mutation.lanes", DEFAULT_LANES),
                TEST_TIMEOUT, temp);
        System.out.println(MutationTable.render(result, known));

        List<MutationRun.Verdict> killedButKnown = result.verdicts().stream()
                .filter(v -> v.kind() == MutationRun.Kind.KILLED && known.contains(v.mutant().key())).toList();
        if (!killedButKnown.isEmpty()) {
            System.out.println("now killed, delete from known-survivors.txt:");
            killedButKnown.forEach(v -> System.out.println("  " + v.mutant().key() + "   (" + v.detail() + ")"));
        }
        Set<String> made = result.verdicts().stream().map(v -> v.mutant().key()).collect(Collectors.toSet());
        List<String> stale = java.util.stream.Stream.concat(equivalent.stringPropertyNames().stream(), known.stream())
                .filter(k -> !made.contains(k) && questions.stream().anyMatch(q -> k.startsWith(q.id() + "|")))
                .sorted().toList();
        if (!stale.isEmpty()) {
            System.out.println("listed but no longer made (the solution changed; delete or rename):");
            stale.forEach(k -> System.out.println("  " + k));
        }
        if (Boolean.getBoolean("mutation.report")) {
            return;
        }
        List<String> unknown = result.verdicts().stream()
                .filter(v -> v.kind() == MutationRun.Kind.SURVIVED && !known.contains(v.mutant().key()))
                .map(v -> v.mutant()).map(m -> String.format("%s: region %s, operator %s (line %d): '%s' -> '%s'",
                        m.question(), m.region(), m.operator(), m.line(), m.before(), m.after().isEmpty() ? "(removed)" : m.after()))
                .toList();
        assertThat(unknown).as("mutants that lose no point: strengthen the hidden tests, or list the mutant in "
                + "mutation/equivalent.properties (key question|%s, with the reason it cannot be told apart)",
                "region/operator/n").isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The keys of known-survivors.txt: the first word of each line that is not blank or a # comment. */
    private static Set<String> knownSurvivors(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0]).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
