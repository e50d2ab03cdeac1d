package parakit.grader.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static rule on the student's compiled classes: code in {@link #in()} must not call
 * {@link #method()} on {@link #type()} or its subtypes. Example: the {@code synchronized} variant of a
 * critical section must not quietly use a {@code Lock}. A violation fails the whole question with {@link #why()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Forbids.List.class)
public @interface Forbids {
    Class<?> type();

    /** Method name, or {@code "*"} for any method of {@link #type()}. */
    String method();

    /** Simple class name or {@code Class.method}. */
    String in();

    String why();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Forbids[] value();
    }
}
