package parakit.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;
import parakit.support.ProfileTables;
import parakit.support.ProfileTables.Table;

/** Public tests for Q1 (Profiler). The grader runs more, hidden, ones. */
@Timeout(10)
class ProfilerTest {

    @Test
    @Hint("profile returns what the call returned and prints one table of its figures: see the lesson's Q1.")
    @DisplayName("a sleeping call: its result comes back, and the table shows its wall time and little CPU")
    void returnsTheResultAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String result = Profiler.profile("nap", out, () -> {
            Thread.sleep(100);
            return Profiler.section("inside", () -> "done");
        });
        assertThat(result).as("what profile returned").isEqualTo("done");
        Table t = ProfileTables.single(bytes.toString(StandardCharsets.UTF_8));
        assertThat(t.label()).as("label of the table").isEqualTo("nap");
        assertThat(t.wallMillis()).as("wall time (ms) of a call that sleeps 100 ms").isBetween(95.0, 5_000.0);
        assertThat(t.threadCpuMillis()).as("CPU time of the calling thread").isPresent();
        assertThat(t.threadCpuMillis().getAsDouble()).as("CPU time (ms) of a thread that sleeps")
                .isLessThan(t.wallMillis() / 2);
        assertThat(t.section("inside").calls()).as("calls of section 'inside'").isEqualTo(1);
    }

    @Test
    @Hint("The table must be printed also when the call throws, and the exception must reach the caller unchanged: "
            + "see the lesson's Q1 on every path out of the call.")
    @DisplayName("a call that throws: the same exception comes back, and the table is printed anyway")
    void anExceptionPassesThroughAndTheTableIsStillPrinted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        IOException failure = new IOException("page not found");
        assertThat(Profiler.profile("returns", out, () -> 1)).as("profile of a call that returns 1").isEqualTo(1);
        bytes.reset();
        assertThatThrownBy(() -> Profiler.profile("failing", out, () -> {
            throw failure;
        })).as("what profile threw when the call threw an IOException").isSameAs(failure);
        assertThat(ProfileTables.parse(bytes.toString(StandardCharsets.UTF_8)))
                .as("tables printed for a call that threw").hasSize(1);
    }
}
