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
    /** Width at which long lines of a fenced block are wrapped: code blocks do not wrap on GitHub or in most viewers. */
    static final int WRAP = 110;

    /**
     * Text for a fenced block: no fence inside it, and lines longer than {@link #WRAP} wrapped at a space (or hard,
     * for a long word), continuation lines indented two more than the line they continue.
     */
    static String fence(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.replace("```", "ˋˋˋ").split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            // At most 20 columns of indentation carried over: a continuation line always has room for text.
            String indent = line.substring(0, Math.min(20, line.length() - line.stripLeading().length())) + "  ";
            String rest = line;
            while (rest.length() > WRAP) {
                int cut = rest.lastIndexOf(' ', WRAP);
                if (cut <= indent.length()) {
                    cut = WRAP;
                }
                out.append(rest, 0, cut).append('\n');
                rest = indent + rest.substring(cut).stripLeading();
            }
            out.append(rest);
        }
        return out.toString();
    }
}
