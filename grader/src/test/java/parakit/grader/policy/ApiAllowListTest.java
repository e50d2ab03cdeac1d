package parakit.grader.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiAllowListTest {

    private final ApiAllowList basics = ApiAllowList.basicsAnd(List.of());

    @Test
    void theBasicsOfJavaLangAndJavaUtilAreAllowed() {
        assertThat(basics.allowsMember("java.lang.Thread", "start")).isTrue();
        assertThat(basics.allowsMember("java.lang.Thread$Builder$OfPlatform", "daemon")).isTrue();
        assertThat(basics.allowsMember("java.util.concurrent.locks.ReentrantLock", "<init>")).isTrue();
        assertThat(basics.allowsMember("java.io.PrintStream", "println")).isTrue();
        assertThat(basics.allowsMember("java.lang.System", "nanoTime")).isTrue();
        assertThat(basics.allowsType("java.lang.System")).as("the type, for System.out").isTrue();
        assertThat(basics.allowsType("java.util.concurrent.atomic.AtomicLong[]")).isTrue();
        assertThat(basics.allowsType("int[]")).isTrue();
    }

    @Test
    void routesOutOfTheProgramAreRefusedByDefault() {
        assertThat(basics.allowsMember("java.lang.System", "exit")).isFalse();
        assertThat(basics.allowsMember("java.lang.System", "setOut")).isFalse();
        assertThat(basics.allowsMember("java.lang.System", "loadLibrary")).isFalse();
        assertThat(basics.allowsMember("java.lang.Runtime", "exec")).isFalse();
        assertThat(basics.allowsMember("java.lang.Class", "getResourceAsStream")).isFalse();
        assertThat(basics.allowsMember("java.lang.Class", "forName")).isFalse();
        assertThat(basics.allowsMember("java.lang.Thread", "setContextClassLoader")).isFalse();
        assertThat(basics.allowsMember("java.lang.Thread", "setDefaultUncaughtExceptionHandler")).isFalse();
        assertThat(basics.allowsMember("java.io.PrintStream", "<init>")).as("new PrintStream(fileName)").isFalse();
        assertThat(basics.allowsMember("java.util.Formatter", "<init>")).as("new Formatter(fileName)").isFalse();
        assertThat(basics.allowsType("java.util.ServiceLoader")).isFalse();
        assertThat(basics.allowsType("java.lang.ProcessBuilder")).isFalse();
        assertThat(basics.allowsType("java.lang.reflect.Method")).isFalse();
        assertThat(basics.allowsType("java.lang.invoke.MethodHandles")).isFalse();
        assertThat(basics.allowsType("java.lang.management.ManagementFactory")).isFalse();
        assertThat(basics.allowsType("java.io.File")).isFalse();
        assertThat(basics.allowsType("java.nio.file.Files")).isFalse();
        assertThat(basics.allowsType("java.net.Socket")).isFalse();
        assertThat(basics.allowsType("sun.misc.Unsafe")).isFalse();
        assertThat(basics.allowsType("javax.tools.ToolProvider")).isFalse();
        assertThat(basics.allowsType("java.util.zip.ZipFile")).isFalse();
        assertThat(basics.allowsType("java.lang.foreign.Linker")).isFalse();
    }

    @Test
    void aQuestionWidensTheListWithItsOwnAllows() {
        ApiAllowList processes = ApiAllowList.basicsAnd(List.of("java.lang.ProcessBuilder", "java.lang.Process",
                "java.nio.file.*"));
        assertThat(processes.allowsMember("java.lang.ProcessBuilder", "start")).isTrue();
        assertThat(processes.allowsType("java.lang.ProcessBuilder$Redirect")).isTrue();
        assertThat(processes.allowsMember("java.nio.file.Files", "readString")).isTrue();
        assertThat(processes.allowsType("java.nio.file.attribute.PosixFilePermission")).as("* is one package").isFalse();
        assertThat(processes.allowsMember("java.lang.System", "exit")).isFalse();
    }

    @Test
    void theReasonNamesWhyWellKnownRoutesAreRefused() {
        assertThat(ApiAllowList.reason("java.lang.System", "exit")).contains("return or throw");
        assertThat(ApiAllowList.reason("java.lang.reflect.Field", "")).contains("reflection");
        assertThat(ApiAllowList.reason("java.util.ServiceLoader", "")).contains("APIs this question allows");
    }
}
