package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A class of 300 on a site with low limits: the batch packs submissions into array tasks until it fits. */
class ClusterLimitsTest {

    @Test
    void limitsAreReadFromTheCommandsOutputAndDefaultWhenTheySayNothing() {
        ClusterLimits l = ClusterLimits.parse(List.of("Configuration data as of 2026-12-02T07:00:00",
                "MaxArraySize            = 101", "MaxJobCount             = 10000"), List.of("200|"),
                List.of("4711_0", "4711_1", "4712"));
        assertThat(l).isEqualTo(new ClusterLimits(101, 200, 3));
        assertThat(ClusterLimits.parse(List.of(), List.of("sacctmgr: error: Problem talking to the database"), List.of()))
                .isEqualTo(ClusterLimits.UNKNOWN);
    }

    @Test
    void aClassThatFitsIsOnePerTaskAndOneThatDoesNotIsPackedWithinEveryLimit() {
        Map<String, Integer> min = Map.of(Task.MAIN, 1, Task.DEDICATED, 10);
        assertThat(ClusterLimits.UNKNOWN.plan(sizes(300, 300), min)).containsEntry(Task.MAIN, 1)
                .containsEntry(Task.DEDICATED, 10);

        // MaxArraySize 101: 300 main submissions need 3 per task (100 tasks).
        assertThat(new ClusterLimits(101, -1, 0).plan(sizes(300, 0), min)).containsEntry(Task.MAIN, 3);

        // 100 jobs allowed, 20 queued, 1 for the aggregation job: 79 tasks for 300 + 300 submissions.
        ClusterLimits tight = new ClusterLimits(1001, 100, 20);
        Map<String, Integer> per = tight.plan(sizes(300, 300), min);
        int tasks = (300 + per.get(Task.MAIN) - 1) / per.get(Task.MAIN) + (300 + per.get(Task.DEDICATED) - 1) / per.get(Task.DEDICATED);
        assertThat(tasks).as("array tasks for %s", per).isLessThanOrEqualTo(79);
        assertThat(per.get(Task.DEDICATED)).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aFullQueueIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> new ClusterLimits(1001, 10, 9).plan(sizes(5, 5), Map.of()))
                .hasMessageContaining("MaxSubmitJobs 10").hasMessageContaining("9 queued").hasMessageContaining("fix:");
    }

    private static Map<String, Integer> sizes(int main, int dedicated) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(Task.MAIN, main);
        m.put(Task.DEDICATED, dedicated);
        return m;
    }
}
