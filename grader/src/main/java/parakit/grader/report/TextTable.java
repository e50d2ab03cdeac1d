package parakit.grader.report;

import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/** The terminal report: a table of questions, then the feedback on every test that did not pass. */
public final class TextTable {

    private TextTable() {
    }

    public static String render(GradeReport r) {
        StringBuilder b = new StringBuilder();
        b.append("parakit grade: ").append(r.submission()).append("\n\n");
        b.append(String.format("  %-19s %-30s %-40s %7s  %s%n", "Q", "question", "title", "points", "status"));
        for (GradeReport.QuestionResult q : r.questions()) {
            b.append(String.format("  %-19s %-30s %-40s %3d/%-3d  %s%n", q.label(), q.id(), clip(q.title(), 40),
                    q.score(), q.maxScore(), q.status()));
        }
        b.append(String.format("  %-19s %-30s %-40s %3d/%-3d  %.0f%%%n", "", "total", "", r.score(), r.maxScore(),
                r.maxScore() == 0 ? 0.0 : 100.0 * r.score() / r.maxScore()));
        boolean header = false;
        for (GradeReport.QuestionResult q : r.questions()) {
            if (!q.problems().isEmpty()) {
                if (!header) {
                    b.append("\nFeedback\n");
                    header = true;
                }
                b.append("\n").append(q.label()).append(", ").append(q.id()).append(" (").append(q.status()).append("):\n");
                q.problems().forEach(p -> b.append(indent(p, "    - ")).append('\n'));
                continue;
            }
            for (GradeReport.TestResult t : r.tests()) {
                if (!t.question().equals(q.id()) || t.status() == Status.PASSED) {
                    continue;
                }
                if (!header) {
                    b.append("\nFeedback\n");
                    header = true;
                }
                b.append("\n").append(t.id()).append(" [").append(t.visibility()).append(", ").append(t.status())
                        .append(", 0/").append(t.max()).append("]\n");
                if (!t.message().isBlank()) {
                    b.append(indent(t.message(), "    ")).append('\n');
                }
                if (!t.hint().isBlank()) {
                    b.append(indent("hint: " + t.hint(), "    ")).append('\n');
                }
            }
        }
        if (!r.notes().isEmpty()) {
            b.append("\nNotes\n");
            r.notes().forEach(n -> b.append("  - ").append(n).append('\n'));
        }
        GradeReport.Timings t = r.timings();
        b.append(String.format("%nTime: %.1f s (compile %.1f s, policy %.1f s, run %.1f s in %d JVM(s); tests themselves %.1f s)%n",
                t.totalMillis() / 1000.0, t.compileMillis() / 1000.0, t.policyMillis() / 1000.0, t.runMillis() / 1000.0,
                t.testJvms(), t.testsMillis() / 1000.0));
        return b.toString();
    }

    static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String indent(String text, String prefix) {
        String pad = " ".repeat(prefix.length());
        String[] lines = text.strip().split("\n");
        StringBuilder b = new StringBuilder(prefix).append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            b.append('\n').append(pad).append(lines[i]);
        }
        return b.toString();
    }
}
