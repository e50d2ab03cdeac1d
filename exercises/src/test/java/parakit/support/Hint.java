package parakit.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a student should look at when this test fails in a particular way: the concept and where to read
 * about it, never the answer the test checks. Used by public tests (printed after {@code mvn test}) and by
 * the grader's hidden tests (shown in the grading report).
 *
 * <p>A hint is about one failure, not about the whole test:
 * <ul>
 *   <li>{@link #on()} names the kinds of failure it explains. By default a hint explains a failed check of
 *       the test ({@link Failure#ASSERTION}) and a test that ran past its time limit ({@link Failure#TIMEOUT}).
 *       An exception thrown by the code under test ({@link Failure#EXCEPTION}) is reported first, with the
 *       place in the student's code it came from, and gets a hint only if one asks for it explicitly.</li>
 *   <li>{@link #when()} narrows an assertion hint to the failing check whose message contains that text
 *       (an AssertJ description {@code .as("...")} appears in the message): one test may then have a hint per
 *       check. Hints with a matching {@code when} win over those without.</li>
 *   <li>A test that fails only because the method is still the skeleton's stub ({@code TODO}) shows no hint:
 *       "not implemented yet" says everything.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Hint.List.class)
public @interface Hint {

    /** The hint's text: the concept, the usual mistake behind this failure, where to look. */
    String value();

    /** Shown only when the failure's message contains this text; empty: any failure of the kinds in {@link #on()}. */
    String when() default "";

    /** The kinds of failure this hint explains. */
    Failure[] on() default {Failure.ASSERTION, Failure.TIMEOUT};

    /** How a test failed, as the harness sees it. */
    enum Failure {
        /** A check of the test did not hold (an {@link AssertionError} thrown by the test). */
        ASSERTION,
        /** The test did not end within its time limit (the code under test hung or spun). */
        TIMEOUT,
        /** The code under test threw an exception the test did not expect. */
        EXCEPTION
    }

    /** Container of repeated hints. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Hint[] value();
    }
}
