package parakit.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options of a test JVM do on this JDK what {@link JvmConfinement} says they do. */
class JvmConfinementTest {

    @TempDir
    static Path temp;

    private static final String PROBE = """
            public class Probe {
                public static void main(String[] args) throws Exception {
                    switch (args[0]) {
                        case "module" -> System.out.println(ModuleLayer.boot().findModule(args[1]).isPresent());
                        case "native" -> {
                            try {
                                System.loadLibrary("zip");
                                System.out.println("loaded");
                            } catch (Throwable e) {
                                System.out.println("refused " + e.getClass().getSimpleName());
                            }
                        }
                        case "attach" -> System.out.println(
                                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
                        default -> throw new IllegalArgumentException(args[0]);
                    }
                }
            }
            """;

    @BeforeAll
    static void compileProbe() throws Exception {
        Path source = Files.writeString(temp.resolve("Probe.java"), PROBE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", temp.toString(), source.toString());
        assertThat(rc).isZero();
    }

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RunSettings.defaults().java().toString()));
        command.addAll(JvmConfinement.options());
        command.addAll(List.of("-cp", temp.toString(), "Probe"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theToolsThatCouldForgeAResultAreNotInTheJvm() throws Exception {
        for (String m : List.of("jdk.management", "java.instrument", "jdk.attach", "java.compiler", "jdk.compiler",
                "jdk.jshell", "java.rmi", "jdk.jdi")) {
            assertThat(run("module", m)).as("module %s resolvable in a test JVM", m).endsWith("false");
        }
        assertThat(run("module", "java.management")).as("thread states and CPU times stay readable").endsWith("true");
    }

    @Test
    void attachIsRefusedAndNativeCodeDenied() throws Exception {
        assertThat(run("attach")).contains("-XX:+DisableAttachMechanism");
        if (Runtime.version().feature() >= 24) {
            assertThat(run("native")).as("System.loadLibrary in a test JVM").contains("refused");
        }
    }
}
