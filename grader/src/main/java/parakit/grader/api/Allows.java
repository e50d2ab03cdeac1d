package parakit.grader.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Widens the static policy's allow-list for one question: the student's classes of this question may use
 * these APIs besides the basics every question allows (see {@code parakit.grader.policy.ApiAllowList}).
 * Example: a subprocess question allows {@code java.lang.ProcessBuilder} and {@code java.lang.Process}.
 *
 * <p>Patterns: {@code java.lang.ProcessBuilder} (a type, every member), {@code java.lang.Runtime#exec} (one member
 * of a type; {@code <init>} for constructors), {@code java.nio.file.*} (the types of a package),
 * {@code java.net.http.**} (a package and its subpackages).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Allows.List.class)
public @interface Allows {

    /** The APIs, as patterns. */
    String[] value();

    /** Why the question needs them (shown by {@code parakit questions}). */
    String why();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Allows[] value();
    }
}
