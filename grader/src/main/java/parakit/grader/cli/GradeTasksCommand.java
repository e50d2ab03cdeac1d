package parakit.grader.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import parakit.grader.batch.Task;
import parakit.grader.pipeline.Grader;
import parakit.grader.question.Catalog;
import parakit.grader.report.AtomicFile;
import parakit.grader.report.JsonReport;
import parakit.grader.run.ProcessTree;
import parakit.grader.run.RunSettings;
import parakit.grader.score.GradeReport;
import parakit.grader.submission.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parakit grade-tasks LIST}: the worker of a batch. Grades the tasks of a task list one after another in
 * this one JVM, each into its result file.
 *
 * <p>Why one JVM for several gradings: the speedup checks of a batch run one at a time, with nothing beside them,
 * so whatever each costs besides its measurement adds up in series. Started once, the grader (and the Java
 * compiler inside it) is loaded and warm for every task after the first; measured on 2 cores this saves about a
 * second per task. Why it is still safe: the student code never runs in this JVM (only in test JVMs), and a
 * grading that outlives its limit is stopped here, so one task cannot hold up the next.
 *
 * <p>Protocol, one line per event on standard output (nothing else is printed there):
 * <pre>
 * parakit: task INDEX STUDENT started
 * parakit: task INDEX STUDENT graded
 * parakit: task INDEX STUDENT failed: REASON
 * </pre>
 * A task is graded when its result file holds the grader's JSON report, written atomically. A task without a
 * {@code graded} line has no new result file.
 */
@Command(name = "grade-tasks", mixinStandardHelpOptions = true,
        description = {"Grades the tasks FROM..TO of a task list one after another in this JVM, each into its result "
                + "file (the grader's JSON, written atomically). This is what `parakit batch` runs on each backend; "
                + "run it by hand only to redo a task of a kept batch.",
                "", "LIST has one task per line: student, part, submission folder, result file, question ids "
                + "(comma-separated), separated by tabs; <out>/slurm/tasks-<part>.tsv and <out>/work/tasks-<part>.tsv "
                + "are such lists. Progress goes to standard output, a line per task event."},
        footer = {"", "Example:", "  ./parakit grade-tasks graded/slurm/tasks-main.tsv --from 3 --to 3",
                "", "Exit code 0 when the list was read, whatever became of each task (see the output); 1 when it could not be."})
final class GradeTasksCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LIST", description = "The task list.")
    Path list;

    @Option(names = "--from", paramLabel = "INDEX", defaultValue = "0",
            description = "First task to grade, counted from 0 (default: ${DEFAULT-VALUE}).")
    int from;

    @Option(names = "--to", paramLabel = "INDEX", defaultValue = "-1",
            description = "Last task to grade, counted from 0; past the end or -1 means the last line (default: ${DEFAULT-VALUE}).")
    int to;

    @Option(names = "--limit", paramLabel = "SECONDS", defaultValue = "900",
            description = "Wall-clock limit of each task; past it the task's test JVMs are killed, the task is "
                    + "reported failed and the next one starts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    TestJvmOptions jvm;

    @Override
    public Integer call() {
        if (from < 0 || limit < 1) {
            throw new UserException("--from must be 0 or more and --limit at least 1 (given " + from + " and " + limit
                    + "); fix: pass task indexes counted from 0 and a limit in seconds");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (IOException e) {
            throw new UserException("cannot read the task list " + list + " (" + e.getMessage() + "); fix: give the "
                    + "tasks-<part>.tsv file that parakit batch wrote");
        }
        int last = to < 0 ? lines.size() - 1 : Math.min(to, lines.size() - 1);
        Catalog catalog = Catalog.load();
        for (int i = from; i <= last; i++) {
            Task task;
            try {
                task = Task.fromListLine(lines.get(i));
            } catch (IllegalArgumentException e) {
                say(i, "?", "failed: line " + (i + 1) + " of " + list + ": " + e.getMessage());
                continue;
            }
            say(i, task.student(), "started");
            String failure = grade(catalog, task);
            say(i, task.student(), failure == null ? "graded" : "failed: " + failure);
        }
        return 0;
    }

    /** Grades one task into its result file; returns null, or why there is no result. */
    private String grade(Catalog catalog, Task task) {
        RunSettings settings = jvm.settings(null, RunSettings.defaults().runTimeout());
        FutureTask<GradeReport> grading = new FutureTask<>(() -> new Grader(settings)
                .grade(task.submission(), GradeCommand.select(catalog, task.questions()), null, false));
        // A thread of its own, so that a grading past its limit can be left behind (a daemon: it never keeps this
        // JVM alive) once its test JVMs are killed, and the next task still starts.
        Thread.ofPlatform().daemon().name("grading-" + task.student()).start(grading);
        GradeReport report;
        try {
            report = grading.get(limit, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            grading.cancel(true);
            // The test JVMs are this JVM's children (each leading a process group): kill them with their groups,
            // so that nothing of this task runs on beside the next one.
            ProcessTree.killChildren();
            return "grading took longer than " + limit + " s and was stopped";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Submission.InvalidSubmissionException || cause instanceof UserException) {
                return cause.getMessage();
            }
            return "the grader failed: " + cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        try {
            AtomicFile.write(task.result(), JsonReport.render(report));
        } catch (RuntimeException e) {
            return "cannot write " + task.result() + ": " + e.getMessage();
        }
        return null;
    }

    private static void say(int index, String student, String event) {
        // One line per event, whatever a reason holds: the reader takes a line for an event.
        System.out.println("parakit: task " + index + " " + student + " " + event.replaceAll("\\s*\\R\\s*", " | "));
        System.out.flush();
    }
}
