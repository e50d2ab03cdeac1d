package parakit.grader.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import parakit.grader.Fixtures;

class SkeletonGeneratorTest {

    private final SkeletonGenerator generator = new SkeletonGenerator();

    @Test
    void regionWithoutStubBecomesTodoAndThrow() {
        String skeleton = generator.skeletonOf("A.java", """
                class A {
                    int f() {
                        // >>> SOLUTION A.f
                        // Return the answer.
                        return 42;
                        // <<< SOLUTION
                    }
                }
                """);
        assertThat(skeleton).contains("// TODO A.f: Return the answer.")
                .contains("throw new UnsupportedOperationException(\"TODO A.f\");")
                .doesNotContain("42").doesNotContain("SOLUTION");
    }

    @Test
    void stubLineReplacesTheSolutionAndEmptyStubLeavesNoCode() {
        String skeleton = generator.skeletonOf("A.java", """
                class A {
                    boolean f() {
                        // >>> SOLUTION A.f
                        // Decide.
                        // stub: return false;
                        return true;
                        // <<< SOLUTION
                    }
                    // >>> SOLUTION A.field
                    // Declare the field.
                    // stub:
                    private int x;
                    // <<< SOLUTION
                }
                """);
        assertThat(skeleton).contains("return false;").doesNotContain("return true;")
                .doesNotContain("private int x").contains("// TODO A.field: Declare the field.")
                .doesNotContain("UnsupportedOperationException");
    }

    @Test
    void unclosedRegionNamesFileLineAndFix() {
        assertThatThrownBy(() -> generator.skeletonOf("B.java", "class B {\n// >>> SOLUTION B.x\n// Task.\n}\n"))
                .hasMessageContaining("B.java:2").hasMessageContaining("never closed").hasMessageContaining("fix:");
    }

    @Test
    void closingWithoutOpeningIsRejected() {
        assertThatThrownBy(() -> generator.skeletonOf("C.java", "class C {\n// <<< SOLUTION\n}\n"))
                .hasMessageContaining("C.java:2").hasMessageContaining("without an opening");
    }

    @Test
    void nestedRegionsAreRejected() {
        assertThatThrownBy(() -> generator.skeletonOf("D.java", """
                // >>> SOLUTION D.a
                // Task a.
                // >>> SOLUTION D.b
                // Task b.
                // <<< SOLUTION
                // <<< SOLUTION
                """)).hasMessageContaining("D.java:3").hasMessageContaining("inside region 'D.a'");
    }

    @Test
    void duplicateTaskNamesAndMissingTaskTextAreRejected() {
        assertThatThrownBy(() -> generator.skeletonOf("E.java", """
                // >>> SOLUTION E.a
                // Task.
                // <<< SOLUTION
                // >>> SOLUTION E.a
                // Task again.
                // <<< SOLUTION
                """)).hasMessageContaining("E.java:4").hasMessageContaining("used twice");
        assertThatThrownBy(() -> generator.skeletonOf("F.java", "// >>> SOLUTION F.a\nint x;\n// <<< SOLUTION\n"))
                .hasMessageContaining("F.java:1").hasMessageContaining("no task text");
        assertThatThrownBy(() -> generator.skeletonOf("G.java", "// >>> SOLUTION\n// Task.\n// <<< SOLUTION\n"))
                .hasMessageContaining("G.java:1").hasMessageContaining("without a task name");
    }

    @Test
    void exercisesAreInStepWithTheSolutions() {
        // What `./parakit generate --check` checks, run with the test suite so CI catches drift.
        assertThat(generator.drift(Fixtures.root().resolve("solutions/src/main/java"),
                Fixtures.root().resolve("exercises/src/main/java")))
                .as("skeletons that differ from what the solutions generate; fix: run ./parakit generate").isEmpty();
    }
}
