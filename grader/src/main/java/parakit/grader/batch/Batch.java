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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import parakit.grader.question.Question;
import parakit.grader.report.AtomicFile;
import parakit.grader.report.JsonReport;
import parakit.grader.score.GradeReport;

/**
 * Grades a class folder into an output folder, resumably:
 * <ol>
 *   <li>finds the submissions ({@link ClassFolder}); those that cannot be graded get a row with a reason;</li>
 *   <li>grades only what is new or changed: a submission whose {@code results/<id>.meta.json} records the
 *       same source hash and grader hash, and a finished grading, is not graded again (unless {@code regrade});</li>
 *   <li>runs the gradings on a {@link Backend}; each finished grading lands as its own result file at once,
 *       so an interrupted batch keeps every finished result and the next run continues from there;</li>
 *   <li>writes the gradebook and the other derived files ({@link Gradebook}) from the result files.</li>
 * </ol>
 */
public final class Batch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a result file records besides the report.
     *
     * @param status {@code graded}, {@code rejected} (input unusable) or {@code failed} (the grading did not finish)
     */
    public record Meta(String student, String status, String reason, String sourceHash, String graderHash,
                       String backend, String finishedAt) {
    }

    /** What a run did. */
    public record Summary(int submissions, int graded, int reused, int rejected, int failed, Duration took) {
    }

    private final Backend backend;
    private final List<Question> questions;
    private final String graderHash;
    private final PrintStream progressOut;
    private final boolean quiet;

    public Batch(Backend backend, List<Question> questions, String graderHash, PrintStream progressOut, boolean quiet) {
        this.backend = backend;
        this.questions = List.copyOf(questions);
        this.graderHash = graderHash;
        this.progressOut = progressOut;
        this.quiet = quiet;
    }

    public Summary run(Path submissions, Path out, boolean regrade) throws InterruptedException {
        long begin = System.nanoTime();
        Path results = out.resolve("results");
        List<ClassFolder.Entry> entries = ClassFolder.discover(submissions, out.resolve("work/unpacked"));
        List<Task> tasks = new ArrayList<>();
        Map<String, String> hashes = new ConcurrentHashMap<>();
        int reused = 0;
        int rejected = 0;
        for (ClassFolder.Entry e : entries) {
            if (!e.gradable()) {
                writeSynthetic(results, e.student(), "rejected", e.original().getFileName() + " " + e.rejected(), null);
                rejected++;
                continue;
            }
            String hash = ContentHash.ofSources(e.root());
            hashes.put(e.student(), hash);
            Meta old = readMeta(results, e.student());
            if (!regrade && old != null && old.status().equals("graded") && hash.equals(old.sourceHash())
                    && graderHash.equals(old.graderHash()) && Files.exists(results.resolve(e.student() + ".json"))) {
                reused++;
                continue;
            }
            tasks.add(new Task(e.student(), e.root(), results.resolve(e.student() + ".json")));
        }

        Progress progress = new Progress(tasks.size(), progressOut, quiet);
        AtomicInteger failed = new AtomicInteger();
        backend.run(tasks, new Backend.Listener() {
            @Override
            public void started(Task task) {
                progress.started();
            }

            @Override
            public void finished(Task task, String failure) {
                if (failure == null) {
                    writeMeta(results, new Meta(task.student(), "graded", null, hashes.get(task.student()), graderHash,
                            backend.name(), Instant.now().toString()));
                } else {
                    failed.incrementAndGet();
                    writeSynthetic(results, task.student(), "failed", failure, hashes.get(task.student()));
                }
                progress.finished(task.student(), failure);
            }
        });
        progress.done();

        List<Gradebook.Row> rows = new ArrayList<>();
        for (ClassFolder.Entry e : entries) {
            Meta meta = readMeta(results, e.student());
            GradeReport report = readReport(results.resolve(e.student() + ".json"));
            if (meta == null || report == null) {
                report = synthetic(e.student(), "no result was recorded");
                meta = new Meta(e.student(), "failed", "no result was recorded", null, graderHash, backend.name(), null);
            }
            rows.add(new Gradebook.Row(e.student(), report, meta.status(), meta.reason()));
        }
        Gradebook.write(out, questions.stream().map(Question::id).toList(), rows);
        return new Summary(entries.size(), tasks.size() - failed.get(), reused, rejected, failed.get(),
                Duration.ofNanos(System.nanoTime() - begin));
    }

    /** A score-0 report that says why there is no real one, in the grader's JSON format. */
    private GradeReport synthetic(String student, String reason) {
        List<GradeReport.QuestionResult> qs = questions.stream().map(q -> new GradeReport.QuestionResult(q.id(),
                q.section(), q.number(), q.title(), 0, q.maxPoints(), "not-graded", List.of(reason))).toList();
        int max = questions.stream().mapToInt(Question::maxPoints).sum();
        return new GradeReport(student, Instant.now().toString(), 0, max, qs, List.of(), List.of(reason),
                new GradeReport.Timings(0, 0, 0, 0, 0, 0));
    }

    private void writeSynthetic(Path results, String student, String status, String reason, String hash) {
        AtomicFile.write(results.resolve(student + ".json"), JsonReport.render(synthetic(student, reason)));
        writeMeta(results, new Meta(student, status, reason, hash, graderHash, backend.name(), Instant.now().toString()));
    }

    private static void writeMeta(Path results, Meta meta) {
        try {
            AtomicFile.write(results.resolve(meta.student() + ".meta.json"), JSON.writeValueAsString(meta) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Meta readMeta(Path results, String student) {
        Path f = results.resolve(student + ".meta.json");
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
