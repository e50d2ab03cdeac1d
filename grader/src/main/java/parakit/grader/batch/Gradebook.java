package parakit.grader.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import parakit.grader.report.AtomicFile;
import parakit.grader.report.HtmlReport;
import parakit.grader.report.MarkdownReport;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * Everything derived from the result files of a batch: the gradebook (plain, Canvas and Moodle CSV), one
 * feedback page per student (Markdown and HTML) and the class summary. Written only from complete result
 * files, each file atomically, so a reader never sees a half-written or mixed gradebook.
 */
public final class Gradebook {

    /** One student's row: the report (synthetic, score 0, for rejected or failed submissions) and its status. */
    public record Row(String student, GradeReport report, String status, String reason) {
    }

    private Gradebook() {
    }

    /** Writes every derived file under {@code out}; question columns follow {@code questionIds}. */
    public static void write(Path out, List<String> questionIds, List<Row> rows) {
        List<Row> sorted = rows.stream().sorted(Comparator.comparing(Row::student)).toList();
        for (Row row : sorted) {
            AtomicFile.write(out.resolve("feedback/" + row.student() + ".md"),
                    "# parakit feedback: " + row.student() + "\n\n" + (row.reason() == null ? "" : "**Not graded:** "
                            + row.reason() + "\n\n") + MarkdownReport.render(row.report()));
            AtomicFile.write(out.resolve("feedback/" + row.student() + ".html"),
                    HtmlReport.render("parakit feedback: " + row.student(), row.report()));
        }
        AtomicFile.write(out.resolve("gradebook.csv"), plain(questionIds, sorted));
        AtomicFile.write(out.resolve("gradebook-canvas.csv"), canvas(sorted));
        AtomicFile.write(out.resolve("gradebook-moodle.csv"), moodle(sorted));
        AtomicFile.write(out.resolve("summary.md"), summary(questionIds, sorted));
    }

    static String plain(List<String> questionIds, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student", "status"));
        header.addAll(questionIds);
        header.addAll(List.of("total", "max", "reason"));
        b.append(csv(header));
        for (Row r : rows) {
            Map<String, Integer> points = r.report().questions().stream()
                    .collect(Collectors.toMap(GradeReport.QuestionResult::id, GradeReport.QuestionResult::score));
            List<String> cells = new ArrayList<>(List.of(r.student(), r.status()));
            questionIds.forEach(id -> cells.add(String.valueOf(points.getOrDefault(id, 0))));
            cells.addAll(List.of(String.valueOf(r.report().score()), String.valueOf(r.report().maxScore()),
                    r.reason() != null ? r.reason() : stopped(r.report())));
            b.append(csv(cells));
        }
        return b.toString();
    }

    /**
     * For a graded row, the questions that earlier stages stopped before any test ran (missing or misplaced
     * file, compile error, policy violation), with the first problem of each, so that an instructor sees from
     * the gradebook why a submission scored 0 without opening its feedback. Empty when every question ran.
     */
    static String stopped(GradeReport report) {
        String text = report.questions().stream()
                .filter(q -> !q.problems().isEmpty())
                .map(q -> q.id() + " " + q.status() + ": " + firstLine(q.problems().getFirst()))
                .collect(Collectors.joining("; "));
        return text.length() > 600 ? text.substring(0, 597) + "..." : text;
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    /**
     * Canvas's gradebook import: the columns Student, ID, SIS User ID, SIS Login ID, Section, then one column
     * per assignment named with its points in brackets; a "Points Possible" row first. Canvas matches rows
     * by ID or SIS ids: the student's folder name goes into SIS Login ID (name the folders by login).
     */
    static String canvas(List<Row> rows) {
        int max = rows.stream().mapToInt(r -> r.report().maxScore()).max().orElse(0);
        String assignment = "parakit (" + max + ")";
        StringBuilder b = new StringBuilder(csv(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment)));
        b.append(csv(List.of("Points Possible", "", "", "", "", String.valueOf(max))));
        for (Row r : rows) {
            b.append(csv(List.of("", "", "", r.student(), "", String.valueOf(r.report().score()))));
        }
        return b.toString();
    }

    /**
     * Moodle's grade import (Grades → Import → CSV file): one identifier column, mapped to "username" when
     * importing, one grade column mapped to the assignment, one feedback column.
     */
    static String moodle(List<Row> rows) {
        StringBuilder b = new StringBuilder(csv(List.of("username", "parakit", "feedback")));
        for (Row r : rows) {
            String feedback = r.reason() != null ? r.reason()
                    : r.report().score() + " / " + r.report().maxScore() + " points; details in feedback/" + r.student() + ".html";
            b.append(csv(List.of(r.student(), String.valueOf(r.report().score()), feedback)));
        }
        return b.toString();
    }

    static String summary(List<String> questionIds, List<Row> rows) {
        StringBuilder b = new StringBuilder("# parakit class summary\n\n");
        List<Row> graded = rows.stream().filter(r -> r.status().equals("graded")).toList();
        b.append(rows.size()).append(" submissions, ").append(graded.size()).append(" graded");
        long notGraded = rows.size() - graded.size();
        if (notGraded > 0) {
            b.append(", ").append(notGraded).append(" not graded");
        }
        b.append(".\n\n");
        if (!graded.isEmpty()) {
            double[] totals = graded.stream().mapToDouble(r -> r.report().score()).sorted().toArray();
            b.append("Total: min ").append(fmt(totals[0])).append(", median ").append(fmt(median(totals)))
                    .append(", max ").append(fmt(totals[totals.length - 1])).append(", mean ").append(fmt(mean(totals)))
                    .append(" of ").append(graded.getFirst().report().maxScore()).append(".\n\n");
            b.append("| question | points | min | median | mean | max | full marks |\n|---|---:|---:|---:|---:|---:|---:|\n");
            Map<String, Double> meanFraction = new LinkedHashMap<>();
            for (String id : questionIds) {
                List<GradeReport.QuestionResult> qs = graded.stream().flatMap(r -> r.report().questions().stream())
                        .filter(q -> q.id().equals(id)).toList();
                if (qs.isEmpty()) {
                    continue;
                }
                int max = qs.getFirst().maxScore();
                double[] s = qs.stream().mapToDouble(GradeReport.QuestionResult::score).sorted().toArray();
                long full = qs.stream().filter(q -> q.score() == q.maxScore()).count();
                b.append("| `").append(id).append("` | ").append(max).append(" | ").append(fmt(s[0])).append(" | ")
                        .append(fmt(median(s))).append(" | ").append(fmt(mean(s))).append(" | ").append(fmt(s[s.length - 1]))
                        .append(" | ").append(full).append(" |\n");
                meanFraction.put(id, max == 0 ? 1 : mean(s) / max);
            }
            b.append("\nMost failed questions (lowest mean share of points):\n\n");
            meanFraction.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(5)
                    .forEach(e -> b.append("- `").append(e.getKey()).append("`: ").append(Math.round(e.getValue() * 100)).append(" %\n"));
        }
        list(b, "Did not attempt some question (a skeleton handed in untouched)", rows,
                r -> r.report().questions().stream().anyMatch(q -> q.status().equals("not-attempted")));
        list(b, "Did not compile", rows, r -> r.report().questions().stream().anyMatch(q -> q.status().equals("compile-error")));
        list(b, "Broke the static policy", rows, r -> r.report().questions().stream().anyMatch(q -> q.status().equals("policy-violation")));
        list(b, "Timed out", rows, r -> r.report().tests().stream().anyMatch(t -> t.status() == Status.TIMEOUT));
        List<Row> bad = rows.stream().filter(r -> !r.status().equals("graded")).toList();
        if (!bad.isEmpty()) {
            b.append("\n## Not graded\n\n");
            bad.forEach(r -> b.append("- ").append(r.student()).append(" (").append(r.status()).append("): ").append(r.reason()).append('\n'));
        }
        return b.toString();
    }

    private static void list(StringBuilder b, String title, List<Row> rows, java.util.function.Predicate<Row> p) {
        List<String> names = rows.stream().filter(r -> r.status().equals("graded")).filter(p).map(Row::student).toList();
        if (!names.isEmpty()) {
            b.append("\n## ").append(title).append(" (").append(names.size()).append(")\n\n").append(String.join(", ", names)).append('\n');
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    /** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. */
    static String csv(List<String> cells) {
        return cells.stream().map(c -> c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")
                ? "\"" + c.replace("\"", "\"\"") + "\"" : c).collect(Collectors.joining(",")) + "\r\n";
    }

    /** The cells of one CSV line as {@link #csv} writes it (quoted fields, doubled quotes); the line break is not part of it. */
    static List<String> parseCsvLine(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
