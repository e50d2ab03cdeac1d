package parakit.grader.run;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import parakit.grader.run.harness.Harness;

/**
 * The class path of a test JVM, without the student's classes: where the harness, the graded tests, JUnit,
 * AssertJ and Jackson were loaded from. From the runnable jar that is the jar alone; from a build tree it is
 * the grader's classes folder and the library jars. Computed from code sources on purpose: the grader's own
 * class path may also hold the reference solutions (in its tests), and those must never reach a test JVM.
 */
final class HarnessClasspath {

    private static final List<String> MARKERS = List.of(
            Harness.class.getName(),
            "org.junit.platform.launcher.core.LauncherFactory",
            "org.junit.platform.engine.TestEngine",
            "org.junit.platform.commons.util.ReflectionUtils",
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.engine.JupiterTestEngine",
            "org.junit.jupiter.params.ParameterizedTest",
            "org.opentest4j.AssertionFailedError",
            "org.apiguardian.api.API",
            "org.assertj.core.api.Assertions",
            "net.bytebuddy.ByteBuddy",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty");

    private HarnessClasspath() {
    }

    static List<String> entries() {
        Set<String> entries = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            try {
                Class<?> c = Class.forName(marker, false, HarnessClasspath.class.getClassLoader());
                var source = c.getProtectionDomain().getCodeSource();
                if (source != null) {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                }
            } catch (ClassNotFoundException e) {
                // Optional library (e.g. JUnit params) not present: the tests that need it will say so.
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(entries);
    }
}
