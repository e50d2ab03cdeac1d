package parakit.grader.question;

import java.util.List;

/**
 * One graded question, as its hidden test class describes it ({@link parakit.grader.api.Question}).
 *
 * @param id          {@code <section>.<Stem>}, e.g. {@code threading.Counter}
 * @param section     the practical's section, also the Java package {@code parakit.<section>}
 * @param stem        the class name that names the question's files
 * @param number      the question's number in its section's lesson
 * @param title       one line a student recognises
 * @param sources     student files, relative to {@code src/main/java} (e.g. {@code parakit/threading/Counter.java})
 * @param jvmArgs     extra options for the test JVM; questions with equal options share a JVM
 * @param timeoutSeconds per-test time limit
 * @param tests       the graded tests: public ones first, then hidden ones, in source order
 * @param rules       static policy rules specific to this question
 * @param dedicatedCores whether the tests measure speed and so must run with no other grading beside them
 *                    ({@link parakit.grader.api.Question#dedicatedCores()})
 * @param needs       what a test runs on that a grading machine may lack, or "" ({@link parakit.grader.api.Question#needs()})
 */
public record Question(String id, String section, String stem, int number, String title, List<String> sources,
                       List<String> jvmArgs, int timeoutSeconds, List<TestSpec> tests, List<Rule> rules,
                       boolean dedicatedCores, String needs) {

    /** A question that needs nothing a grading machine may lack. */
    public Question(String id, String section, String stem, int number, String title, List<String> sources,
                    List<String> jvmArgs, int timeoutSeconds, List<TestSpec> tests, List<Rule> rules,
                    boolean dedicatedCores) {
        this(id, section, stem, number, title, sources, jvmArgs, timeoutSeconds, tests, rules, dedicatedCores, "");
    }

    /** Whether a test of this question may end without a verdict (a speedup check, or something it needs is missing). */
    public boolean mayBeInconclusive() {
        return dedicatedCores || !needs.isEmpty();
    }

    public Question {
        needs = needs == null ? "" : needs;
        sources = List.copyOf(sources);
        jvmArgs = List.copyOf(jvmArgs);
        tests = List.copyOf(tests);
        rules = List.copyOf(rules);
    }

    /** The Java package of the question's classes. */
    public String javaPackage() {
        return "parakit." + section;
    }

    /** Sum of the points of all tests. */
    public int maxPoints() {
        return tests.stream().mapToInt(TestSpec::points).sum();
    }

    /** The test classes to run, in order (public first), without duplicates. */
    public List<String> testClasses() {
        return tests.stream().map(TestSpec::className).distinct().toList();
    }

    /**
     * A graded test method.
     *
     * @param className fully qualified test class
     * @param method    method name
     * @param visibility PUBLIC (also in the students' repository) or HIDDEN (grader only)
     * @param points    points for a pass; all or nothing
     * @param hints     the test's {@code @Hint}s, in source order; may be empty
     */
    public record TestSpec(String className, String method, Visibility visibility, int points, List<HintSpec> hints) {
        public TestSpec {
            hints = List.copyOf(hints);
        }

        /** Stable id used in every report: {@code CounterHiddenTest.noIncrementIsLost}. */
        public String id() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }

        /**
         * The hint for a failure of this kind with this message ({@link parakit.support.Hint}): those whose
         * {@code when} occurs in the message, else those without a {@code when}; empty when none applies (a stub
         * that is not implemented, an exception no hint asks for, a check no hint is about).
         */
        public String hintFor(Failure failure, String message) {
            if (failure == null || failure == Failure.NOT_IMPLEMENTED) {
                return "";
            }
            String text = message == null ? "" : message;
            List<HintSpec> kind = hints.stream().filter(h -> h.on().contains(failure)).toList();
            List<HintSpec> specific = kind.stream().filter(h -> !h.when().isEmpty() && text.contains(h.when())).toList();
            List<HintSpec> chosen = specific.isEmpty() ? kind.stream().filter(h -> h.when().isEmpty()).toList() : specific;
            return String.join("\n", chosen.stream().map(HintSpec::text).toList());
        }
    }

    /** One {@code @Hint}: its text, the message it is about ({@code when}, may be empty) and the failure kinds. */
    public record HintSpec(String text, String when, java.util.Set<Failure> on) {
        public HintSpec {
            on = java.util.Set.copyOf(on);
        }
    }

    /**
     * How a failed test failed, as the harness classified it. The first three are {@link parakit.support.Hint.Failure}'s;
     * a stub ({@code UnsupportedOperationException("TODO ...")}) is {@code NOT_IMPLEMENTED} and never gets a hint.
     */
    public enum Failure { ASSERTION, TIMEOUT, EXCEPTION, NOT_IMPLEMENTED }

    public enum Visibility { PUBLIC, HIDDEN }

    /**
     * A static rule: code in {@code in} must ({@code REQUIRE}) or must not ({@code FORBID}) call
     * {@code typeName.method} ({@code "*"}: any method of that type or its subtypes); or ({@code ALLOW}) the
     * question's classes may use the APIs of pattern {@code typeName} (see {@link parakit.grader.api.Allows};
     * {@code method} and {@code in} are then {@code "*"}).
     */
    public record Rule(Kind kind, String typeName, String method, String in, String why) {
        public enum Kind { REQUIRE, FORBID, ALLOW }
    }
}
