package parakit.grader.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a student should look at when this test fails: the concept, the usual mistake behind the
 * failure, and where to read about it. Shown beside the failure message; never shown for a pass.
 * Write one test per failure mode so that each hint can be precise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Hint {
    String value();
}
