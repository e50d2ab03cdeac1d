package parakit.grader.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import parakit.grader.pipeline.Grader;
import parakit.grader.question.Catalog;
import parakit.grader.question.Question;
import parakit.grader.report.AtomicFile;
import parakit.grader.report.JsonReport;
import parakit.grader.report.JunitXmlReport;
import parakit.grader.report.MarkdownReport;
import parakit.grader.report.TextTable;
import parakit.grader.run.RunSettings;
import parakit.grader.score.GradeReport;
import parakit.grader.submission.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parakit grade PATH}: grades one submission with the local backend. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades one submission: compiles each question on its own, checks the static policy, runs the "
                + "public and hidden tests in separate JVMs, and reports points per test, per question and in total.",
                "", "PATH is a folder holding src/main/java: a student repository, exercises/ or solutions/."},
        footer = {"", "Examples:",
                "  ./parakit grade solutions                       # the reference: 100 %%",
                "  ./parakit grade ~/alice --json alice.json       # table on the terminal, JSON to a file",
                "  ./parakit grade . -q threading.Counter --json - # one question, JSON on standard output",
                "", "Exit code 0 when grading ran, whatever the score; 1 when it could not (bad path, unknown question)."})
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "The submission folder (it must hold src/main/java).")
    Path path;

    @Option(names = {"-q", "--question"}, paramLabel = "ID",
            description = "Grade only this question (repeatable), e.g. threading.Counter. Default: all. See 'parakit questions'.")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here ('-' for standard output, which then gets no table).")
    Path json;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Write a JUnit XML report here (for CI test views).")
    Path junitXml;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown report here ('-' for standard output), e.g. $GITHUB_STEP_SUMMARY.")
    Path markdown;

    @Option(names = "--quiet", description = "Do not print the table.")
    boolean quiet;

    @Option(names = "--test-timeout", paramLabel = "SECONDS", description = "Per-test limit for every test, instead of each question's own (default 10 s).")
    Integer testTimeout;

    @Option(names = "--run-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Limit for all tests of this submission together (default: ${DEFAULT-VALUE}).")
    int runTimeout;

    @Mixin
    TestJvmOptions jvm;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where to put class files and run folders (default: the system temp folder).")
    Path workDir;

    @Option(names = "--no-policy", description = "Authors only: skip the static policy, to see how the tests "
            + "behave on code that breaks a rule (e.g. the skeletons). Never use it for grading.")
    boolean noPolicy;

    @Option(names = "--keep-work", description = "Keep the work folder afterwards (for debugging the grader).")
    boolean keepWork;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.load();
        List<Question> questions = select(catalog, only);
        RunSettings settings = jvm.settings(testTimeout == null ? null : Duration.ofSeconds(testTimeout),
                Duration.ofSeconds(runTimeout));
        GradeReport report;
        try {
            report = new Grader(settings, !noPolicy).grade(path, questions, workDir, keepWork);
        } catch (Submission.InvalidSubmissionException e) {
            throw new UserException(e.getMessage());
        }
        boolean stdoutTaken = isStdout(json) || isStdout(markdown);
        if (!quiet && !stdoutTaken) {
            System.out.print(TextTable.render(report));
        }
        write(json, JsonReport.render(report));
        write(junitXml, JunitXmlReport.render(report));
        write(markdown, MarkdownReport.render(report));
        return 0;
    }

    static List<Question> select(Catalog catalog, List<String> ids) {
        if (ids.isEmpty()) {
            return catalog.questions();
        }
        List<Question> chosen = new ArrayList<>();
        for (String id : ids) {
            chosen.add(catalog.find(id).orElseThrow(() -> new UserException("unknown question '" + id
                    + "'; fix: use an id from 'parakit questions', such as "
                    + catalog.questions().stream().findFirst().map(Question::id).orElse("threading.Counter"))));
        }
        return chosen;
    }

    private static boolean isStdout(Path p) {
        return p != null && p.toString().equals("-");
    }

    /** Writes a report atomically ({@link AtomicFile}), or to standard output for '-'. */
    static void write(Path target, String text) {
        if (target == null) {
            return;
        }
        if (isStdout(target)) {
            System.out.print(text);
            return;
        }
        AtomicFile.write(target, text);
    }
}
