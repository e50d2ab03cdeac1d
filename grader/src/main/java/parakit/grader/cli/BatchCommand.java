package parakit.grader.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import parakit.grader.batch.Backend;
import parakit.grader.batch.Batch;
import parakit.grader.batch.Gradebook;
import parakit.grader.batch.Roster;
import parakit.grader.batch.ContentHash;
import parakit.grader.batch.LocalBackend;
import parakit.grader.batch.SlurmBackend;
import parakit.grader.question.Catalog;
import parakit.grader.question.Question;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parakit batch}: grades a whole class. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Grades every submission in a class folder (one folder or .zip per student) and writes a "
                + "gradebook (plain, Canvas and Moodle CSV), a feedback page per student, the graders' JSON "
                + "results and a class summary.",
                "Resumable: a second run grades only new or changed submissions (by a hash of their sources) and "
                        + "those whose grading did not finish; --regrade grades everything again."},
        footer = {"", "Output folder:",
                "  gradebook.csv, gradebook-canvas.csv, gradebook-moodle.csv, summary.md,",
                "  feedback/<student>.md and .html, results/<student>.json (+ .meta.json)",
                "", "Examples:",
                "  ./parakit batch ~/class-2026                  # results in ~/class-2026-graded",
                "  ./parakit batch ~/class-2026 --out grades --jobs 2",
                "  ./parakit batch ~/class-2026 --regrade -q threading.Counter",
                "  ./parakit batch ~/class-2026 --backend slurm --partition teaching --throttle 50",
                "  ./parakit batch ~/class-2026 --backend slurm --detach   # the aggregation job writes the gradebook",
                "", "Exit code 0 when the batch ran, whatever the scores; 1 when it could not (bad folder)."})
final class BatchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUBMISSIONS",
            description = "The class folder: one entry per student, a folder (repository) or a .zip.")
    Path submissions;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: SUBMISSIONS-graded beside the class folder).")
    Path out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Gradings at once on this machine (default: cores + 1; measured on 2 cores: 3 at once "
                    + "grade 2.06x as fast as one after another, with the same scores).")
    Integer jobs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Wall-clock limit of one submission's grading (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--regrade", description = "Grade every submission again, even unchanged ones.")
    boolean regrade;

    @Option(names = {"-q", "--question"}, paramLabel = "ID",
            description = "Grade only this question (repeatable); default: all. See 'parakit questions'.")
    List<String> only = new ArrayList<>();

    @Option(names = "--roster", paramLabel = "FILE",
            description = "The class list (CSV: student, repository, lms_id, name): the Canvas and Moodle files carry "
                    + "its ids and names, and summary.md lists submissions not in it and students without a submission.")
    Path roster;

    @Option(names = "--feedback-link", paramLabel = "TEMPLATE",
            description = "What the LMS feedback column holds, {student} filled in (e.g. "
                    + "https://github.com/course/hw1-{student}/blob/parakit-feedback/FEEDBACK.md); default: the feedback "
                    + "text itself.")
    String feedbackLink;

    @Option(names = "--quiet", description = "No progress output, only the final line.")
    boolean quiet;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "local",
            description = "Where gradings run: local (this machine, default) or slurm (one job array; the class "
                    + "and output folders and the grader must be on a file system the nodes share).")
    String backendName;

    @Option(names = "--cpus-per-task", paramLabel = "N", defaultValue = "2",
            description = "Slurm: CPUs per grading task (default: ${DEFAULT-VALUE}).")
    int cpusPerTask;

    @Option(names = "--mem", paramLabel = "MB", defaultValue = "2048",
            description = "Slurm: memory per grading task in MiB (default: ${DEFAULT-VALUE}).")
    int memMegabytes;

    @Option(names = "--time", paramLabel = "MINUTES", defaultValue = "30",
            description = "Slurm: time limit per task in minutes, the backstop behind --timeout (default: ${DEFAULT-VALUE}).")
    int timeMinutes;

    @Option(names = "--throttle", paramLabel = "N", defaultValue = "0",
            description = "Slurm: at most N tasks of the array at once (%%N); 0 = no limit (default).")
    int throttle;

    @Option(names = "--partition", paramLabel = "NAME", description = "Slurm: partition to submit to.")
    String partition;

    @Option(names = "--account", paramLabel = "NAME", description = "Slurm: account to charge.")
    String account;

    @Option(names = "--qos", paramLabel = "NAME", description = "Slurm: quality of service.")
    String qos;

    @Option(names = "--java", paramLabel = "COMMAND",
            description = "Slurm: the java command on the nodes (default: this grader's JDK, ${DEFAULT-VALUE}, which "
                    + "must then exist at the same path there; after a --task-setup that loads a JDK, say java).")
    String javaCommand = SlurmBackend.Settings.thisJava();

    @Option(names = "--task-setup", paramLabel = "SHELL",
            description = "Slurm: a shell line every job runs first, e.g. 'module load java/21' (default: none).")
    String taskSetup = "";

    @Option(names = "--oversubscribe",
            description = "Slurm: let grading tasks share their cores with other jobs (sbatch --oversubscribe; the "
                    + "partition must allow OverSubscribe). Gradings mostly wait, so sharing raises throughput; the "
                    + "speedup checks' tasks never share (--exclusive).")
    boolean oversubscribe;

    @Option(names = "--dedicated-cpus", paramLabel = "N", defaultValue = "0",
            description = "Slurm: give the speedup checks' tasks N whole cores of their own (--cpus-per-task N "
                    + "--hint=nomultithread) instead of a whole node (--exclusive, the default: 0). Only dedicated where "
                    + "the cluster confines jobs to their cores (cgroups); N must be at least 2.")
    int dedicatedCpus;

    @Option(names = "--dedicated-per-task", paramLabel = "N", defaultValue = "10",
            description = "Slurm: submissions whose speedup checks one task of the dedicated array grades, one after "
                    + "another in one grader JVM (default: ${DEFAULT-VALUE}). A check takes seconds, while a whole node "
                    + "takes longer to schedule and start; 1 gives each submission a task of its own.")
    int dedicatedPerTask;

    @Option(names = "--detach",
            description = "Slurm: submit and return at once; the aggregation job writes the gradebook when every task "
                    + "has ended (see <out>/slurm/job-ids.txt and logs/).")
    boolean detach;

    @Option(names = "--attach",
            description = "Slurm: submit nothing; follow the jobs recorded in <out>/slurm/job-ids.txt and write the "
                    + "gradebook (what the aggregation job runs; safe to run by hand).")
    boolean attach;

    @Override
    public Integer call() throws Exception {
        // Contradictory options first: nothing is created before they are known to make sense.
        if ((detach || attach) && !backendName.equals("slurm")) {
            throw new UserException("--detach and --attach are for --backend slurm; fix: add --backend slurm or drop them");
        }
        if (dedicatedCpus == 1 || dedicatedCpus < 0) {
            throw new UserException("--dedicated-cpus " + dedicatedCpus + ": a speedup check needs at least 2 cores; fix: "
                    + "give 2 or more, or 0 for a whole node (--exclusive)");
        }
        if (dedicatedPerTask < 1) {
            throw new UserException("--dedicated-per-task " + dedicatedPerTask + ": a task grades at least one "
                    + "submission; fix: give 1 or more");
        }
        if (detach && attach) {
            throw new UserException("--detach submits and --attach collects; fix: give one of them");
        }
        Path classFolder = submissions.toAbsolutePath().normalize();
        if (!Files.isDirectory(classFolder)) {
            throw new UserException(classFolder + " is not a folder; fix: give the folder that holds one folder or "
                    + ".zip per student");
        }
        Path target = (out != null ? out : classFolder.resolveSibling(classFolder.getFileName() + "-graded"))
                .toAbsolutePath().normalize();
        if (target.startsWith(classFolder)) {
            throw new UserException("the output folder " + target + " is inside the class folder; fix: choose --out "
                    + "outside " + classFolder);
        }
        try {
            Files.createDirectories(target);
        } catch (java.io.IOException e) {
            throw new UserException("cannot create the output folder " + target + " (" + e.getMessage()
                    + "); fix: choose a writable --out");
        }
        List<Question> questions = GradeCommand.select(Catalog.load(), only);
        Backend backend = switch (backendName) {
            case "local" -> new LocalBackend(jobs != null ? jobs : LocalBackend.defaultJobs(), Duration.ofSeconds(timeout),
                    target.resolve("work"));
            case "slurm" -> {
                if (!SlurmBackend.available()) {
                    throw new UserException("--backend slurm: squeue does not answer from this host; fix: run on a "
                            + "Slurm login node, or start the local test cluster with slurm/local/up.sh");
                }
                List<String> collect = new ArrayList<>(List.of(classFolder.toString(), "--out", target.toString(),
                        "--backend", "slurm", "--attach", "--quiet"));
                only.forEach(id -> collect.addAll(List.of("-q", id)));
                if (roster != null) {
                    collect.addAll(List.of("--roster", roster.toAbsolutePath().toString()));
                }
                if (feedbackLink != null) {
                    collect.addAll(List.of("--feedback-link", feedbackLink));
                }
                SlurmBackend.Mode mode = attach ? SlurmBackend.Mode.ATTACH
                        : detach ? SlurmBackend.Mode.DETACH : SlurmBackend.Mode.WAIT;
                yield new SlurmBackend(target.resolve("slurm"), new SlurmBackend.Settings(cpusPerTask, memMegabytes,
                        timeMinutes, throttle, partition, account, qos, javaCommand, taskSetup, oversubscribe,
                        dedicatedCpus, dedicatedPerTask), Duration.ofSeconds(timeout),
                        mode, collect);
            }
            default -> throw new UserException("unknown --backend '" + backendName + "'; fix: use local or slurm");
        };
        Batch.Summary s;
        try {
            s = new Batch(backend, questions, graderHash(), System.err, quiet).forLms(new Gradebook.Lms(rosterOrNull(),
                    feedbackLink)).run(classFolder, target, regrade);
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        if (s.pending() > 0) {
            System.out.printf("parakit batch: %d submissions: %d submitted to Slurm, %d unchanged (kept), %d not gradable;"
                            + " the aggregation job will write %s (jobs in %s)%n", s.submissions(), s.pending(), s.reused(),
                    s.rejected(), target.resolve("gradebook.csv"), target.resolve("slurm/job-ids.txt"));
            return 0;
        }
        System.out.printf("parakit batch: %d submissions: %d graded, %d unchanged (kept), %d not gradable, %d failed%s "
                        + "in %.1f s; gradebook in %s%n", s.submissions(), s.graded(), s.reused(), s.rejected(), s.failed(),
                s.inconclusive() == 0 ? "" : ", " + s.inconclusive() + " without a verdict on a speedup check (run again)",
                s.took().toMillis() / 1000.0, target.resolve("gradebook.csv"));
        if (!s.changed().isEmpty()) {
            System.out.println("scores changed since the last gradebook (" + s.changed().size() + "):");
            s.changed().forEach(c -> System.out.println("  " + c));
        }
        return 0;
    }

    /** The running grader's identity: the hash of its jar, or of nothing when run from class folders. */
    private static String graderHash() {
        String cp = System.getProperty("java.class.path");
        Path jar = Path.of(cp);
        return cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator) && Files.isRegularFile(jar)
                ? ContentHash.ofFile(jar) : "development";
    }

    private Roster rosterOrNull() {
        if (roster == null) {
            return null;
        }
        try {
            return Roster.read(roster);
        } catch (Roster.RosterException e) {
            throw new UserException(e.getMessage());
        }
    }
}
