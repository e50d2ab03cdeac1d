package parakit.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Long feedback stays readable where code blocks do not wrap (GitHub, most Markdown viewers). */
class MarkdownReportTest {

    @Test
    void longLinesAreWrappedAtSpacesAndNothingIsLost() {
        String words = "expected the waiter to be released by the signal but it was still WAITING after 2000 ms ".repeat(5);
        String wrapped = MarkdownReport.fence("    " + words.strip());
        assertThat(wrapped.split("\n")).hasSizeGreaterThan(2)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(MarkdownReport.WRAP));
        assertThat(String.join(" ", Arrays.stream(wrapped.split("\n")).map(String::strip).toList()))
                .isEqualTo(words.strip());
        assertThat(wrapped.split("\n")[1]).startsWith("      "); // continuation: the line's indent and two more
    }

    @Test
    void aLongWordIsCutHardAndFencesCannotBeClosedFromInside() {
        String word = "x".repeat(3 * MarkdownReport.WRAP);
        String wrapped = MarkdownReport.fence(word);
        assertThat(wrapped.replace("\n", "").replace(" ", "")).isEqualTo(word);
        assertThat(wrapped.split("\n")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(MarkdownReport.WRAP));
        assertThat(MarkdownReport.fence("a ``` b")).doesNotContain("```");
        String deep = " ".repeat(200) + "y ".repeat(200);
        assertThat(MarkdownReport.fence(deep).split("\n")).hasSizeGreaterThan(3);
    }
}
