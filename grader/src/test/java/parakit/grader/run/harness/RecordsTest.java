package parakit.grader.run.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Student code in the test JVM can print anything; only lines signed with the run's secret count. */
class RecordsTest {

    private static final String TOKEN = "ab".repeat(32);
    private final Records records = new Records(TOKEN);

    @Test
    void signedRecordVerifies() {
        ObjectNode r = Records.record(Records.FINISH).put("status", "PASSED");
        assertThat(records.verify(records.sign(r))).hasValueSatisfying(v -> assertThat(v.get("status").asText()).isEqualTo("PASSED"));
    }

    @Test
    void alteredRecordIsRejected() {
        String line = records.sign(Records.record(Records.FINISH).put("status", "FAILED"));
        assertThat(records.verify(line.replace("FAILED", "PASSED"))).isEmpty();
    }

    @Test
    void recordSignedWithAnotherSecretIsRejected() {
        String forged = new Records("cd".repeat(32)).sign(Records.record(Records.FINISH).put("status", "PASSED"));
        assertThat(records.verify(forged)).isEmpty();
    }

    @Test
    void unsignedOrGarbledLinesAreRejected() {
        assertThat(records.verify("{\"type\":\"FINISH\",\"status\":\"PASSED\"}")).isEmpty();
        assertThat(records.verify("not!base64 {\"type\":\"END\"}")).isEmpty();
        assertThat(records.verify("")).isEmpty();
        assertThat(records.verify(" ")).isEmpty();
    }
}
