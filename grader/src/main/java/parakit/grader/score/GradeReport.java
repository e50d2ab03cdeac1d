package parakit.grader.score;

import java.time.Duration;
import java.util.List;
import parakit.grader.run.Environment;

/**
 * The outcome of grading one submission: what every report format renders. Field names are the JSON
 * schema documented in README.md.
 *
 * @param submission absolute path of the graded folder
 * @param gradedAt   ISO-8601 instant
 * @param score      points earned, all questions
 * @param maxScore   points available, all questions
 * @param questions  one entry per question, by section and number
 * @param tests      one entry per graded test, grouped by question
 * @param notes      what happened in the run that a reader should know (forged results, leaked threads, ...)
 * @param timings    where the wall time went
 * @param environments where and how each group of questions ran (node, CPU model, cores, JDK, Slurm ids); a
 *                   grading that ran no test has none
 */
public record GradeReport(String submission, String gradedAt, int score, int maxScore,
                          List<QuestionResult> questions, List<TestResult> tests, List<String> notes, Timings timings,
                          List<Environment> environments) {

    public GradeReport {
        questions = List.copyOf(questions);
        tests = List.copyOf(tests);
        notes = List.copyOf(notes);
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    /**
     * @param id       {@code section.Stem}
     * @param status   {@code passed} (full points), {@code partial}, {@code failed}, {@code compile-error},
     *                 {@code policy-violation} or {@code missing-file}
     * @param problems compiler messages, policy violations or file problems (empty when tests decided)
     */
    public record QuestionResult(String id, String section, int number, String title, int score, int maxScore,
                                 String status, List<String> problems) {
        public QuestionResult {
            problems = List.copyOf(problems);
        }

        /**
         * How every report names the question to a reader: its section and number ({@code threading Q5}), since
         * numbers restart in every section and "Q5" alone names several questions.
         */
        public String label() {
            return section + " Q" + number;
        }
    }

    /**
     * @param id         {@code TestClass.method}
     * @param visibility {@code public} or {@code hidden}
     * @param hint       shown only when the test did not pass
     * @param durationMillis the test's own wall time
     */
    public record TestResult(String id, String question, String visibility, int points, int max, Status status,
                             String message, String hint, long durationMillis) {
    }

    /** Wall times in milliseconds. {@code testsMillis} is the sum of the tests' own durations. */
    public record Timings(long compileMillis, long policyMillis, long runMillis, long testsMillis, long totalMillis,
                          int testJvms) {
        static Timings of(Duration compile, Duration policy, Duration run, long tests, Duration total, int jvms) {
            return new Timings(compile.toMillis(), policy.toMillis(), run.toMillis(), tests, total.toMillis(), jvms);
        }
    }
}
