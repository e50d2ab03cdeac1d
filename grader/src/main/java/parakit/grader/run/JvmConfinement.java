package parakit.grader.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM-level confinement of a test JVM: options that take tools away from the code under test, whatever the
 * static policy let through. Each option, with the attack it stops:
 * <ul>
 *   <li>{@code --limit-modules}: the JVM resolves only the modules the harness and the questions need. Left out,
 *       among others: {@code jdk.management} (the diagnostic-command and HotSpot MBeans: heap dumps that hold the
 *       result key, loading an agent), {@code java.instrument} (redefining a test class), {@code jdk.attach}
 *       and {@code jdk.jcmd} (attaching to this or another JVM), {@code java.compiler}, {@code jdk.compiler}
 *       and {@code jdk.jshell} (compiling and running new code in process), {@code java.rmi} and
 *       {@code java.management.rmi} (remote management). Kept: {@code java.management} for the thread states,
 *       CPU times and deadlock detection the tests read; {@code jdk.unsupported} for {@code sun.misc.Signal}
 *       (signal questions); {@code java.net.http} and {@code jdk.httpserver} for the loopback web pages.</li>
 *   <li>{@code -XX:+DisableAttachMechanism}: no other process (a child the student started included) can attach
 *       to the test JVM and load an agent into it.</li>
 *   <li>{@code --illegal-native-access=deny} (JDK 24 and later): no class on the class path may load a native
 *       library or call native code ({@code System.loadLibrary}, JNI, the FFM API's restricted methods).</li>
 * </ul>
 * Verified on the JDK shipped here by {@code JvmConfinementTest}: a module left out cannot be loaded, attach is
 * refused, a native library cannot be loaded.
 */
public final class JvmConfinement {

    /** The modules a test JVM may resolve (with what they require). */
    public static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "jdk.unsupported", "java.net.http", "jdk.httpserver", "java.desktop", "java.xml", "java.sql");

    private JvmConfinement() {
    }

    /** Options for a test JVM started with the {@code java} of the JDK the grader runs on. */
    public static List<String> options() {
        return options(false);
    }

    /**
     * Options for a test JVM; with {@code instrumented}, {@code java.instrument} is resolvable too, for the
     * coverage agent of the kit's own coverage gate (never in a grading of a student's code).
     */
    public static List<String> options(boolean instrumented) {
        List<String> o = new ArrayList<>();
        o.add("--limit-modules=" + String.join(",", MODULES) + (instrumented ? ",java.instrument" : ""));
        o.add("-XX:+DisableAttachMechanism");
        if (Runtime.version().feature() >= 24) {
            o.add("--illegal-native-access=deny");
        }
        return o;
    }

    /** One line for the report: what the JVM level did on this JDK. */
    public static String describe() {
        return "modules limited to " + String.join(", ", MODULES) + "; attach refused; "
                + (Runtime.version().feature() >= 24 ? "native access denied"
                : "native access NOT denied (needs JDK 24+, this is " + Runtime.version().feature() + ")");
    }
}
