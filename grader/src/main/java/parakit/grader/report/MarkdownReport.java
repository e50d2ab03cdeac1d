package parakit.grader.report;

import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/** Markdown for CI summaries (e.g. {@code $GITHUB_STEP_SUMMARY}) and feedback files. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(GradeReport r) {
        StringBuilder b = new StringBuilder();
        b.append("## parakit: ").append(r.score()).append(" / ").append(r.maxScore()).append(" points\n\n");
        b.append("| Q | question | points | status |\n|---|---|---:|---|\n");
        for (GradeReport.QuestionResult q : r.questions()) {
            b.append("| ").append(q.label()).append(" | ").append(cell(q.title())).append(" (`").append(q.id()).append("`) | ")
                    .append(q.score()).append(" / ").append(q.maxScore()).append(" | ").append(q.status()).append(" |\n");
        }
        for (GradeReport.QuestionResult q : r.questions()) {
            boolean any = !q.problems().isEmpty()
                    || r.tests().stream().anyMatch(t -> t.question().equals(q.id()) && t.status() != Status.PASSED);
            if (!any) {
                continue;
            }
            b.append("\n### ").append(q.label()).append(". ").append(q.title()).append("\n\n");
            if (!q.problems().isEmpty()) {
                b.append("```\n");
                q.problems().forEach(p -> b.append(fence(p)).append('\n'));
                b.append("```\n");
                continue;
            }
            for (GradeReport.TestResult t : r.tests()) {
                if (!t.question().equals(q.id()) || t.status() == Status.PASSED) {
                    continue;
                }
                b.append("- **").append(t.id()).append("** (").append(t.visibility()).append(", ").append(t.status())
                        .append(", 0/").append(t.max()).append(")\n");
                if (!t.message().isBlank()) {
                    b.append("  ```\n").append(fence(t.message()).indent(2)).append("  ```\n");
                }
                if (!t.hint().isBlank()) {
                    b.append("  Hint: ").append(t.hint()).append('\n');
                }
            }
        }
        if (!r.notes().isEmpty()) {
            b.append("\n### Notes\n\n");
            r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
        }
        if (!r.environments().isEmpty()) {
            b.append("\n### Where the tests ran\n\n");
            r.environments().forEach(e -> b.append("- ").append(String.join(", ", e.questions())).append(": ")
                    .append(e.host().isEmpty() ? "unknown host" : e.host()).append(", ")
                    .append(e.cpuModel().isEmpty() ? "" : e.cpuModel() + ", ").append(e.processors()).append(" processors")
                    .append(e.dedicatedCores() ? " (dedicated)" : "").append(", JDK ").append(e.jdk())
                    .append(e.slurm().isEmpty() ? "" : ", Slurm job " + e.slurm().getOrDefault("job_id", "?")).append('\n'));
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** A student's text must not close our code fence. */
    private static String fence(String s) {
        return s.replace("```", "ˋˋˋ");
    }
}
