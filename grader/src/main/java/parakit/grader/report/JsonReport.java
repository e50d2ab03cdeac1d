package parakit.grader.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import parakit.grader.score.GradeReport;

/** The JSON report: the {@link GradeReport} record as it is (schema in README.md, "JSON report"). */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(GradeReport r) {
        try {
            return JSON.writeValueAsString(r) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report", e);
        }
    }

    public static GradeReport parse(String json) {
        try {
            return JSON.readValue(json, GradeReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a parakit JSON report: " + e.getOriginalMessage(), e);
        }
    }
}
