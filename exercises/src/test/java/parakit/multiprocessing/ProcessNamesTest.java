package parakit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.ChildJvm;
import parakit.support.Hint;

/** Public tests for Q2 (ProcessNames). The grader runs more, hidden, ones. */
@Timeout(30)
class ProcessNamesTest {

    private static final ProcessNames.Launcher LAUNCHER = (builder, jvmOptions, main, args) -> {
        List<String> jvm = new ArrayList<>(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"));
        jvm.addAll(jvmOptions);
        return ChildJvm.start(builder, main, jvm, args);
    };

    @Test
    @Hint("The parent names each child, and the child reads its name itself: see the lesson's Q2.")
    @DisplayName("a first child is Process-1, a named one Test, each as the child itself sees it")
    void defaultAndChosenNames() throws Exception {
        ProcessNames parent = new ProcessNames(LAUNCHER);
        ProcessNames.Doubled first = parent.run(5);
        assertThat(first.name()).as("name the first child saw").isEqualTo("Process-1");
        assertThat(first.result()).as("5 doubled").isEqualTo(10);
        assertThat(parent.run(2, "Test").name()).as("name the child named Test saw").isEqualTo("Test");
    }
}
