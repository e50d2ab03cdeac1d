package parakit.grader.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static rule on the student's compiled classes: code in {@link #in()} must call {@link #method()}
 * on {@link #type()} (or on a subtype, so {@code ReentrantLock.lock()} satisfies {@code Lock.lock}).
 * Checked before any test runs; a violation fails the whole question with {@link #why()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Requires.List.class)
public @interface Requires {
    /** Owner of the method that must be called. */
    Class<?> type();

    /** Method name, or {@code "*"} for any method of {@link #type()} (constructors count as {@code "<init>"}). */
    String method();

    /** Simple class name ({@code "Counter"}) or class and method ({@code "Counter.increment"}). */
    String in();

    /** The concept, in a sentence the student reads when the rule is broken. */
    String why();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Requires[] value();
    }
}
