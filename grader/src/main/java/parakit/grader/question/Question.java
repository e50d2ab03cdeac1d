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
 */
public record Question(String id, String section, String stem, int number, String title, List<String> sources,
                       List<String> jvmArgs, int timeoutSeconds, List<TestSpec> tests, List<Rule> rules,
                       boolean dedicatedCores) {

    public Question {
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
     * @param hint      shown when the test fails; may be empty
     */
    public record TestSpec(String className, String method, Visibility visibility, int points, String hint) {
        /** Stable id used in every report: {@code CounterHiddenTest.noIncrementIsLost}. */
        public String id() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }
    }

    public enum Visibility { PUBLIC, HIDDEN }

    /**
     * A static rule: code in {@code in} must ({@code REQUIRE}) or must not ({@code FORBID}) call
     * {@code typeName.method} ({@code "*"}: any method of that type or its subtypes).
     */
    public record Rule(Kind kind, String typeName, String method, String in, String why) {
        public enum Kind { REQUIRE, FORBID }
    }
}
