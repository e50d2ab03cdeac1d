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

    /**
     * How the LMS knows the students: a roster (ids and names for Canvas and Moodle, and the lists of submissions
     * without a roster entry and entries without a submission), and where students read their feedback: a link
     * template with {@code {student}} (for example the feedback branch of their repository), or the feedback text
     * itself in the LMS's feedback column when there is no link.
     *
     * @param roster       null: students are known by their submission names only
     * @param feedbackLink null: the feedback column holds the feedback itself
     */
    public record Lms(Roster roster, String feedbackLink) {
        /** No roster, feedback text in the feedback column. */
        public static final Lms NONE = new Lms(null, null);

        Roster.Entry entry(String student) {
            return roster == null ? null : roster.find(student).orElse(null);
        }
    }

    private Gradebook() {
    }

    /** Writes every derived file under {@code out}; question columns follow {@code questionIds}. */
    public static void write(Path out, List<String> questionIds, List<Row> rows) {
        write(out, questionIds, rows, Lms.NONE);
    }

    /** Writes every derived file under {@code out}, naming students as {@code lms} says. */
    public static void write(Path out, List<String> questionIds, List<Row> rows, Lms lms) {
        List<Row> sorted = rows.stream().sorted(Comparator.comparing(Row::student)).toList();
        for (Row row : sorted) {
            AtomicFile.write(out.resolve("feedback/" + row.student() + ".md"),
                    "# parakit feedback: " + row.student() + "\n\n" + (row.reason() == null ? "" : "**Not graded:** "
                            + row.reason() + "\n\n") + MarkdownReport.render(row.report()));
            AtomicFile.write(out.resolve("feedback/" + row.student() + ".html"),
                    HtmlReport.render("parakit feedback: " + row.student(), row.report()));
        }
        AtomicFile.write(out.resolve("gradebook.csv"), plain(questionIds, sorted));
        AtomicFile.write(out.resolve("gradebook-canvas.csv"), canvas(sorted, lms));
        AtomicFile.write(out.resolve("gradebook-moodle.csv"), moodle(sorted, lms));
        AtomicFile.write(out.resolve("summary.md"), summary(questionIds, sorted) + rosterLists(sorted, lms));
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
     * per assignment named with its points in brackets; a "Points Possible" row first. Canvas matches rows by ID
     * (its own user id) or the SIS ids: with a roster, ID is the roster's {@code lms_id} and Student its name;
     * the submission name is always the SIS Login ID (name the folders by login when there is no roster).
     */
    static String canvas(List<Row> rows, Lms lms) {
        int max = rows.stream().mapToInt(r -> r.report().maxScore()).max().orElse(0);
        String assignment = "parakit (" + max + ")";
        StringBuilder b = new StringBuilder(csv(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment)));
        b.append(csv(List.of("Points Possible", "", "", "", "", String.valueOf(max))));
        for (Row r : rows) {
            Roster.Entry e = lms.entry(r.student());
            b.append(csv(List.of(e == null ? "" : e.name(), e == null ? "" : e.lmsId(), "", r.student(), "",
                    String.valueOf(r.report().score()))));
        }
        return b.toString();
    }

    /**
     * Moodle's grade import (Grades → Import → CSV file): identifier columns to map ({@code username}, and
     * {@code idnumber} from the roster's {@code lms_id}), one grade column mapped to the assignment, and one feedback
     * column: the link the instructor set, with {@code {student}} filled in, or else the feedback itself (points
     * per question and what to look at), never a path on the grader's disk.
     */
    static String moodle(List<Row> rows, Lms lms) {
        StringBuilder b = new StringBuilder(csv(List.of("username", "idnumber", "parakit", "feedback")));
        for (Row r : rows) {
            Roster.Entry e = lms.entry(r.student());
            String feedback = r.reason() != null ? "not graded: " + r.reason()
                    : lms.feedbackLink() != null ? lms.feedbackLink().replace("{student}", r.student())
                    : feedbackText(r.report());
            b.append(csv(List.of(r.student(), e == null ? "" : e.lmsId(), String.valueOf(r.report().score()), feedback)));
        }
        return b.toString();
    }

    /** The feedback in a few lines: total, then each question that lost points, with its status. */
    static String feedbackText(GradeReport report) {
        StringBuilder b = new StringBuilder(report.score() + " / " + report.maxScore() + " points.");
        for (GradeReport.QuestionResult q : report.questions()) {
            if (q.score() < q.maxScore()) {
                b.append('\n').append(q.label()).append(" ").append(q.title()).append(": ").append(q.score())
                        .append(" / ").append(q.maxScore()).append(", ").append(q.status());
                report.tests().stream().filter(t -> t.question().equals(q.id()) && !t.hint().isBlank()).findFirst()
                        .ifPresent(t -> b.append(" (look at: ").append(firstLine(t.hint())).append(")"));
            }
        }
        String text = b.toString();
        return text.length() > 3000 ? text.substring(0, 2997) + "..." : text;
    }

    /** With a roster: the submissions it does not list, and the students it lists without a submission. */
    static String rosterLists(List<Row> rows, Lms lms) {
        if (lms.roster() == null) {
            return "";
        }
        List<String> unknown = rows.stream().map(Row::student).filter(s -> lms.entry(s) == null).toList();
        java.util.Set<String> matched = rows.stream().map(r -> lms.entry(r.student())).filter(java.util.Objects::nonNull)
                .map(Roster.Entry::student).collect(Collectors.toSet());
        List<String> missing = lms.roster().entries().stream().map(Roster.Entry::student).filter(s -> !matched.contains(s))
                .toList();
        StringBuilder b = new StringBuilder();
        if (!unknown.isEmpty()) {
            b.append("\n## Submissions not in the roster (").append(unknown.size()).append(")\n\n")
                    .append(String.join(", ", unknown)).append("\nTheir rows have no LMS id: add them to the roster.\n");
        }
        if (!missing.isEmpty()) {
            b.append("\n## In the roster, without a submission (").append(missing.size()).append(")\n\n")
                    .append(String.join(", ", missing)).append('\n');
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

    /** From an earlier gradebook.csv: student → "total/max" (empty when there is none or it cannot be read). */
    static Map<String, String> totals(Path gradebook) {
        Map<String, String> out = new java.util.HashMap<>();
        if (!java.nio.file.Files.isRegularFile(gradebook)) {
            return out;
        }
        try {
            List<String> lines = java.nio.file.Files.readAllLines(gradebook);
            if (lines.isEmpty()) {
                return out;
            }
            List<String> header = parseCsvLine(lines.getFirst());
            int total = header.indexOf("total");
            int max = header.indexOf("max");
            for (String line : lines.subList(1, lines.size())) {
                List<String> cells = parseCsvLine(line);
                if (total >= 0 && max >= 0 && cells.size() > Math.max(total, max) && !cells.getFirst().isBlank()) {
                    out.put(cells.getFirst(), cells.get(total) + "/" + cells.get(max));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new java.util.HashMap<>(); // an unreadable old gradebook: nothing to compare with
        }
        return out;
    }
}
