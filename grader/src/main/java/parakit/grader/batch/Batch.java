package parakit.grader.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import parakit.grader.question.Question;
import parakit.grader.report.AtomicFile;
import parakit.grader.report.JsonReport;
import parakit.grader.run.Environment;
import parakit.grader.score.GradeReport;

/**
 * Grades a class folder into an output folder, resumably:
 * <ol>
 *   <li>finds the submissions ({@link ClassFolder}); those that cannot be graded get a row with a reason;</li>
 *   <li>splits each submission into parts ({@link Task#MAIN}, and {@link Task#DEDICATED} for the questions
 *       whose speedup checks need cores of their own) and grades only the parts that are new or changed: a part
 *       whose {@code results/parts/<id>.<part>.meta.json} records the same questions, source hash and grader
 *       hash, and a finished grading, is not graded again (unless {@code regrade});</li>
 *   <li>runs the parts on a {@link Backend}; each finished part lands as its own result file at once, so an
 *       interrupted batch keeps every finished result and the next run continues from there;</li>
 *   <li>merges each student's parts into {@code results/<id>.json} (the grader's JSON for all questions) and
 *       writes the gradebook and the other derived files ({@link Gradebook}) from those.</li>
 * </ol>
 * Every file is written atomically ({@link AtomicFile}): a crash or kill at any moment leaves each file
 * either as it was or complete.
 */
public final class Batch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a result file records besides the report.
     *
     * @param part      {@link Task#MAIN}, {@link Task#DEDICATED}, or {@code all} for a student's merged result
     * @param questions the question ids the report covers
     * @param status    {@code graded}, {@code rejected} (input unusable), {@code failed} (the grading did not finish)
     *                  or {@code inconclusive} (finished, but a speedup check could not measure: graded again)
     */
    public record Meta(String student, String part, List<String> questions, String status, String reason,
                       String sourceHash, String graderHash, String backend, String finishedAt) {
    }

    /**
     * What a run did, counted in submissions.
     *
     * @param graded  graded in this run, every part finished
     * @param reused  unchanged since an earlier run: nothing graded
     * @param failed  some part did not finish (time limit, killed); graded again by the next run
     * @param inconclusive every part finished, but a speedup check could not measure (the machine was busy):
     *                graded again by the next run
     * @param pending handed to the backend to grade later ({@code --detach}); not yet in the gradebook
     */
    public record Summary(int submissions, int graded, int reused, int rejected, int failed, int inconclusive,
                          int pending, Duration took, List<String> changed) {
        public Summary {
            changed = List.copyOf(changed);
        }
    }

    private final Backend backend;
    private final List<Question> questions;
    private final String graderHash;
    private final PrintStream progressOut;
    private final boolean quiet;
    private Gradebook.Lms lms = Gradebook.Lms.NONE;

    public Batch(Backend backend, List<Question> questions, String graderHash, PrintStream progressOut, boolean quiet) {
        this.backend = backend;
        this.questions = List.copyOf(questions);
        this.graderHash = graderHash;
        this.progressOut = progressOut;
        this.quiet = quiet;
    }

    /** The gradebooks name students as the LMS knows them ({@link Gradebook.Lms}); returns this batch. */
    public Batch forLms(Gradebook.Lms lms) {
        this.lms = lms;
        return this;
    }

    /** The parts every submission is graded in: part name → question ids, in catalog order; no empty part. */
    private Map<String, List<String>> parts() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        List<String> main = questions.stream().filter(q -> !q.dedicatedCores()).map(Question::id).toList();
        List<String> dedicated = questions.stream().filter(Question::dedicatedCores).map(Question::id).toList();
        if (!main.isEmpty()) {
            parts.put(Task.MAIN, main);
        }
        if (!dedicated.isEmpty()) {
            parts.put(Task.DEDICATED, dedicated);
        }
        return parts;
    }

    public Summary run(Path submissions, Path out, boolean regrade) throws InterruptedException {
        long begin = System.nanoTime();
        Path results = out.resolve("results");
        List<ClassFolder.Entry> entries = ClassFolder.discover(submissions, out.resolve("work/unpacked"));
        Map<String, List<String>> parts = parts();
        List<Task> tasks = new ArrayList<>();
        Map<String, String> hashes = new ConcurrentHashMap<>();
        int reused = 0;
        int rejected = 0;
        for (ClassFolder.Entry e : entries) {
            if (!e.gradable()) {
                String reason = e.original().getFileName() + " " + e.rejected();
                AtomicFile.write(results.resolve(e.student() + ".json"),
                        JsonReport.render(synthetic(e.student(), reason, ids())));
                writeMeta(results.resolve(e.student() + ".meta.json"),
                        meta(e.student(), "all", ids(), "rejected", reason, null));
                rejected++;
                continue;
            }
            String hash = ContentHash.ofSources(e.root());
            hashes.put(e.student(), hash);
            boolean all = true;
            for (Map.Entry<String, List<String>> p : parts.entrySet()) {
                Meta old = readMeta(partMeta(results, e.student(), p.getKey()));
                Path result = partResult(results, e.student(), p.getKey());
                boolean fresh = old != null && old.status().equals("graded") && hash.equals(old.sourceHash())
                        && graderHash.equals(old.graderHash()) && p.getValue().equals(old.questions())
                        && Files.exists(result);
                if (regrade || !fresh) {
                    tasks.add(new Task(e.student(), p.getKey(), e.root(), p.getValue(), result));
                    all = false;
                }
            }
            if (all) {
                reused++;
            }
        }

        Progress progress = new Progress(tasks.size(), progressOut, quiet);
        Set<String> failedStudents = ConcurrentHashMap.newKeySet();
        Set<String> inconclusiveStudents = ConcurrentHashMap.newKeySet();
        boolean ended = backend.run(tasks, new Backend.Listener() {
            @Override
            public void started(Task task) {
                progress.started();
            }

            @Override
            public void finished(Task task, String failure) {
                Path metaFile = partMeta(results, task.student(), task.part());
                if (failure == null) {
                    String undecided = inconclusive(readReport(task.result()));
                    if (undecided != null) {
                        inconclusiveStudents.add(task.student());
                    }
                    writeMeta(metaFile, meta(task.student(), task.part(), task.questions(),
                            undecided == null ? "graded" : "inconclusive", undecided, hashes.get(task.student())));
                } else {
                    failedStudents.add(task.student());
                    AtomicFile.write(task.result(), JsonReport.render(synthetic(task.student(), failure, task.questions())));
                    writeMeta(metaFile, meta(task.student(), task.part(), task.questions(), "failed", failure,
                            hashes.get(task.student())));
                }
                progress.finished(task.label(), failure);
            }
        });
        progress.done();
        Set<String> students = new LinkedHashSet<>();
        tasks.forEach(t -> students.add(t.student()));
        if (!ended) {
            return new Summary(entries.size(), 0, reused, rejected, 0, 0, students.size(),
                    Duration.ofNanos(System.nanoTime() - begin), List.of());
        }

        List<Gradebook.Row> rows = new ArrayList<>();
        for (ClassFolder.Entry e : entries) {
            rows.add(e.gradable() ? merge(results, e.student(), parts, hashes.get(e.student())) : row(results, e.student()));
        }
        Map<String, String> before = Gradebook.totals(out.resolve("gradebook.csv"));
        Gradebook.write(out, ids(), rows, lms);
        // A regrade (after the grader or the tests changed) says whose score moved, so nobody reads two gradebooks.
        List<String> changed = new ArrayList<>();
        for (Gradebook.Row row : rows) {
            String old = before.get(row.student());
            String now = row.report().score() + "/" + row.report().maxScore();
            if (old != null && !old.equals(now)) {
                changed.add(row.student() + ": " + old + " -> " + now);
            }
        }
        changed.sort(null);
        inconclusiveStudents.removeAll(failedStudents);
        return new Summary(entries.size(), students.size() - failedStudents.size() - inconclusiveStudents.size(), reused,
                rejected, failedStudents.size(), inconclusiveStudents.size(), 0, Duration.ofNanos(System.nanoTime() - begin),
                changed);
    }

    /**
     * Merges a student's part results into {@code results/<id>.json} and its meta file: the questions of every
     * part in catalog order, scores summed, notes and environments kept. The student counts as graded when every
     * part is; otherwise failed, with each failed part's reason (its questions score 0).
     */
    private Gradebook.Row merge(Path results, String student, Map<String, List<String>> parts, String sourceHash) {
        List<GradeReport> reports = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean failedPart = false;
        for (Map.Entry<String, List<String>> p : parts.entrySet()) {
            Meta meta = readMeta(partMeta(results, student, p.getKey()));
            GradeReport report = readReport(partResult(results, student, p.getKey()));
            if (meta == null || report == null || !p.getValue().equals(meta.questions())) {
                String why = "no result was recorded" + (parts.size() > 1 ? " for the " + p.getKey() + " part" : "");
                reports.add(synthetic(student, why, p.getValue()));
                reasons.add(why);
                failedPart = true;
            } else {
                reports.add(report);
                if (!meta.status().equals("graded")) {
                    reasons.add(meta.reason());
                    failedPart |= !meta.status().equals("inconclusive");
                }
            }
        }
        GradeReport merged = merge(reports);
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        String status = reasons.isEmpty() ? "graded" : failedPart ? "failed" : "inconclusive";
        AtomicFile.write(results.resolve(student + ".json"), JsonReport.render(merged));
        writeMeta(results.resolve(student + ".meta.json"), meta(student, "all", ids(), status, reason, sourceHash));
        return new Gradebook.Row(student, merged, status, reason);
    }

    /** The row of a student whose merged result was written before (a rejected submission). */
    private Gradebook.Row row(Path results, String student) {
        Meta meta = readMeta(results.resolve(student + ".meta.json"));
        GradeReport report = readReport(results.resolve(student + ".json"));
        if (meta == null || report == null) {
            return new Gradebook.Row(student, synthetic(student, "no result was recorded", ids()), "failed",
                    "no result was recorded");
        }
        return new Gradebook.Row(student, report, meta.status(), meta.reason());
    }

    /** {@code results/parts/<student>.<part>.json}: one part's grader report. */
    private static Path partResult(Path results, String student, String part) {
        return results.resolve("parts").resolve(student + "." + part + ".json");
    }

    /** {@code results/parts/<student>.<part>.meta.json}: what that report was graded from, and how it ended. */
    private static Path partMeta(Path results, String student, String part) {
        return results.resolve("parts").resolve(student + "." + part + ".meta.json");
    }

    /**
     * Why a finished grading has no verdict on some question that another run can decide (a speedup check could not
     * measure), or null. A question without a verdict because the grading set-up lacks what it needs (a Slurm
     * cluster from a confined test JVM) stays as it is: grading it again here would end the same way every run.
     */
    private String inconclusive(GradeReport report) {
        if (report == null) {
            return null;
        }
        Set<String> retried = new java.util.HashSet<>();
        questions.stream().filter(Question::dedicatedCores).forEach(q -> retried.add(q.id()));
        List<String> ids = report.questions().stream().filter(q -> q.status().equals("inconclusive"))
                .map(GradeReport.QuestionResult::id).filter(retried::contains).toList();
        return ids.isEmpty() ? null : "no verdict on " + String.join(", ", ids) + ": a speedup check could not measure "
                + "(the machine did not give it cores of its own); the next run grades it again";
    }

    private GradeReport merge(List<GradeReport> reports) {
        if (reports.size() == 1) {
            return reports.getFirst();
        }
        List<String> order = ids();
        Comparator<String> byCatalog = Comparator.comparingInt(order::indexOf);
        List<GradeReport.QuestionResult> qs = new ArrayList<>();
        List<GradeReport.TestResult> ts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Environment> environments = new ArrayList<>();
        int score = 0;
        int max = 0;
        long compile = 0, policy = 0, run = 0, tests = 0, total = 0;
        int jvms = 0;
        String gradedAt = "";
        for (GradeReport r : reports) {
            qs.addAll(r.questions());
            ts.addAll(r.tests());
            notes.addAll(r.notes());
            environments.addAll(r.environments());
            score += r.score();
            max += r.maxScore();
            GradeReport.Timings t = r.timings();
            compile += t.compileMillis();
            policy += t.policyMillis();
            run += t.runMillis();
            tests += t.testsMillis();
            total += t.totalMillis();
            jvms += t.testJvms();
            gradedAt = r.gradedAt().compareTo(gradedAt) > 0 ? r.gradedAt() : gradedAt;
        }
        qs.sort(Comparator.comparing(GradeReport.QuestionResult::id, byCatalog));
        ts.sort(Comparator.comparing(GradeReport.TestResult::question, byCatalog)); // stable: test order kept
        return new GradeReport(reports.getFirst().submission(), gradedAt, score, max, qs, ts, notes,
                new GradeReport.Timings(compile, policy, run, tests, total, jvms), environments);
    }

    private List<String> ids() {
        return questions.stream().map(Question::id).toList();
    }

    private Meta meta(String student, String part, List<String> ids, String status, String reason, String hash) {
        return new Meta(student, part, ids, status, reason, hash, graderHash, backend.name(), Instant.now().toString());
    }

    /** A score-0 report on {@code ids} that says why there is no real one, in the grader's JSON format. */
    private GradeReport synthetic(String student, String reason, List<String> ids) {
        List<Question> qs = questions.stream().filter(q -> ids.contains(q.id())).toList();
        List<GradeReport.QuestionResult> results = qs.stream().map(q -> new GradeReport.QuestionResult(q.id(),
                q.section(), q.number(), q.title(), 0, q.maxPoints(), "not-graded", List.of(reason))).toList();
        int max = qs.stream().mapToInt(Question::maxPoints).sum();
        return new GradeReport(student, Instant.now().toString(), 0, max, results, List.of(), List.of(reason),
                new GradeReport.Timings(0, 0, 0, 0, 0, 0), List.of());
    }

    private static void writeMeta(Path file, Meta meta) {
        try {
            AtomicFile.write(file, JSON.writeValueAsString(meta) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Meta readMeta(Path f) {
        try {
            return Files.exists(f) ? JSON.readValue(f.toFile(), Meta.class) : null;
        } catch (IOException e) {
            return null; // unreadable: grade again
        }
    }

    private static GradeReport readReport(Path f) {
        try {
            return Files.exists(f) ? JsonReport.parse(Files.readString(f)) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
