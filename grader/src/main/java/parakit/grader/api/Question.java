package parakit.grader.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hidden test class as the grader of one question and describes that question.
 *
 * <p>The class must be named {@code <Stem>HiddenTest} and live in the section's package,
 * {@code parakit.<section>}. By the path pattern every question follows, the same stem names the
 * solution ({@code solutions/src/main/java/parakit/<section>/<Stem>.java}), the skeleton
 * ({@code exercises/src/main/java/...}), the public test ({@code exercises/src/test/java/.../<Stem>Test.java})
 * and the lesson section ({@code exercises/lessons/<section>.md}, heading {@code Q<number> ... (<Stem>)}).
 *
 * <p>Invariants checked by the grader's own tests: ids are unique; numbers are unique within a section;
 * every listed source exists in {@code solutions/}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Question {

    /** Section of the practical, also the package name: {@code threading}. */
    String section();

    /** Question number within the section, as the lesson page numbers it (1-based). */
    int number();

    /** One line a student recognises: "A counter that loses no increment". */
    String title();

    /**
     * Student source files of this question, relative to the section's package folder. Empty means
     * the single file {@code <Stem>.java}. A question is compiled on its own from these files only,
     * so that a compile error elsewhere cannot cost it points.
     */
    String[] sources() default {};

    /**
     * Extra options for the JVM that runs this question's tests. Questions with equal options share a
     * JVM. Example: {@code -Xint} makes lost updates of a racy counter show up in every run, where the
     * JIT-compiled loop hides them most of the time.
     *
     * <p>Test JVMs run C1 only unless the question has {@link #dedicatedCores()} (see the grader's IsolatedRunner):
     * a question whose wrong solutions show only under C2, such as a non-volatile flag whose read C2 hoists out of
     * a loop, must ask for it here with {@code -XX:TieredStopAtLevel=4} (the later option wins).
     */
    String[] jvmArgs() default {};

    /** Per-test time limit in seconds; past it the grader dumps threads and kills the test JVM. */
    int timeoutSeconds() default 10;

    /**
     * Whether the question's tests need cores that nothing else uses while they run: speedup checks of
     * CPU-bound code (the parallel version against the serial one, in the same test). Such a question is
     * run after the others, in a test JVM of its own with no other test JVM beside it; a batch grades it in
     * a task of its own (one at a time on this machine, {@code --exclusive} on Slurm). Questions whose
     * tests mostly wait (sleeps, timed waits) do not need it: their ratios hold on a loaded machine.
     */
    boolean dedicatedCores() default false;

    /**
     * What some test of this question runs on that a grading machine may lack, in a few words ("a Slurm
     * cluster"); empty for most questions. A test that finds it missing ends with
     * {@link Inconclusive#because(String)}: no points, status {@code INCONCLUSIVE}, no hint. Besides
     * {@link #dedicatedCores()} questions, only questions that name what they need here may end inconclusive.
     */
    String needs() default "";
}
