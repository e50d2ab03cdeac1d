package parakit.grader.report;

import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * A self-contained HTML page of one report (no scripts, no external files): what a student opens from a
 * feedback folder. Every text that comes from the run (messages, thread dumps, output) is escaped.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(String title, GradeReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}"
                        + "pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere}.ok{color:#070}.bad{color:#a00}</style>"
                        + "</head><body>\n");
        b.append("<h1>").append(esc(title)).append(": ").append(r.score()).append(" / ").append(r.maxScore())
                .append(" points</h1>\n<table><tr><th>Q</th><th>question</th><th>points</th><th>status</th></tr>\n");
        for (GradeReport.QuestionResult q : r.questions()) {
            b.append("<tr><td>").append(esc(q.label())).append("</td><td>").append(esc(q.title())).append(" <code>")
                    .append(esc(q.id())).append("</code></td><td>").append(q.score()).append(" / ").append(q.maxScore())
                    .append("</td><td class=\"").append(q.score() == q.maxScore() ? "ok" : "bad").append("\">")
                    .append(esc(q.status())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (GradeReport.QuestionResult q : r.questions()) {
            boolean any = !q.problems().isEmpty()
                    || r.tests().stream().anyMatch(t -> t.question().equals(q.id()) && t.status() != Status.PASSED);
            if (!any) {
                continue;
            }
            b.append("<h2>").append(esc(q.label())).append(". ").append(esc(q.title())).append("</h2>\n");
            if (!q.problems().isEmpty()) {
                b.append("<pre>").append(esc(String.join("\n", q.problems()))).append("</pre>\n");
                continue;
            }
            b.append("<ul>\n");
            for (GradeReport.TestResult t : r.tests()) {
                if (!t.question().equals(q.id()) || t.status() == Status.PASSED) {
                    continue;
                }
                b.append("<li><b>").append(esc(t.id())).append("</b> (").append(esc(t.visibility())).append(", ")
                        .append(t.status()).append(", 0/").append(t.max()).append(")");
                if (!t.message().isBlank()) {
                    b.append("<pre>").append(esc(t.message())).append("</pre>");
                }
                if (!t.hint().isBlank()) {
                    b.append("<p>Hint: ").append(esc(t.hint())).append("</p>");
                }
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        if (!r.notes().isEmpty()) {
            b.append("<h2>Notes</h2><ul>\n");
            r.notes().forEach(n -> b.append("<li>").append(esc(n)).append("</li>\n"));
            b.append("</ul>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
