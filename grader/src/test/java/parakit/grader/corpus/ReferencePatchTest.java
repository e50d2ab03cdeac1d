package parakit.grader.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReferencePatch} applies exactly, refuses stale patches and edits outside solution regions. */
class ReferencePatchTest {

    private static final String REFERENCE = """
            package parakit.s;

            public final class Stem {
                public int f() {
                    // >>> SOLUTION Stem.f
                    // Return one.
                    return 1;
                    // <<< SOLUTION
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void appliesAnEditInsideARegion() throws IOException {
        Edit e = ReferencePatch.apply("s/case", "s.Stem", diff("""
                @@ -6,3 +6,3 @@
                         // Return one.
                -        return 1;
                +        return 2;
                         // <<< SOLUTION
                """), src());
        assertThat(e.path()).isEqualTo("parakit/s/Stem.java");
        assertThat(e.text()).contains("return 2;").doesNotContain("return 1;").endsWith("}\n");
    }

    @Test
    void appliesAHunkWhoseLinesMovedToTheOnePlaceTheyStandNow() throws IOException {
        Edit e = ReferencePatch.apply("s/case", "s.Stem", diff("""
                @@ -5,3 +5,3 @@
                         // Return one.
                -        return 1;
                +        return 2;
                         // <<< SOLUTION
                """), src());
        assertThat(e.text()).contains("return 2;").doesNotContain("return 1;");
    }

    @Test
    void refusesAHunkWhoseLinesChanged() throws IOException {
        assertThatThrownBy(() -> ReferencePatch.apply("s/case", "s.Stem", diff("""
                @@ -6,3 +6,3 @@
                         // Return one, once.
                -        return 1;
                +        return 2;
                         // <<< SOLUTION
                """), src())).hasMessageContaining("corpus case s/case").hasMessageContaining("no longer applies")
                .hasMessageContaining("Refresh it against the solution");
    }

    @Test
    void refusesAChangeOutsideEveryRegion() throws IOException {
        assertThatThrownBy(() -> ReferencePatch.apply("s/case", "s.Stem", diff("""
                @@ -3,3 +3,3 @@
                 public final class Stem {
                -    public int f() {
                +    public long f() {
                         // >>> SOLUTION Stem.f
                """), src())).hasMessageContaining("corpus case s/case").hasMessageContaining("line 4")
                .hasMessageContaining("public int f() {").hasMessageContaining("outside every solution region");
    }

    @Test
    void aSubmissionCanCarryACorpusCase() throws IOException {
        Path sub = parakit.grader.Fixtures.solutionsWithCorpusCase("threading/counter-increment-without-lock", temp.resolve("sub"));
        String reference = Files.readString(parakit.grader.Fixtures.root().resolve("solutions/src/main/java/parakit/threading/Counter.java"));
        String carried = Files.readString(sub.resolve("src/main/java/parakit/threading/Counter.java"));
        assertThat(carried).isNotEqualTo(reference).contains("value = value + 1;");
        assertThat(sub.resolve("src/main/java/parakit/threading/Event.java")).exists();
    }

    @Test
    void roundsTakeOneItemOfEachQuestion() {
        assertThat(Round.plan(List.of("a1", "b1", "a2", "a3", "c1", "b2"), s -> s.substring(0, 1)))
                .containsExactly(List.of("a1", "b1", "c1"), List.of("a2", "b2"), List.of("a3"));
    }

    private Path src() throws IOException {
        Path f = temp.resolve("src/parakit/s/Stem.java");
        Files.createDirectories(f.getParent());
        Files.writeString(f, REFERENCE);
        return temp.resolve("src");
    }

    private Path diff(String hunks) throws IOException {
        Path d = temp.resolve("change.diff");
        Files.writeString(d, "--- a/parakit/s/Stem.java\n+++ b/parakit/s/Stem.java\n" + hunks);
        return d;
    }
}
