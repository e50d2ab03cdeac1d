package parakit;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after {@code mvn test}, one line per question: public tests passed out of run.
 * Registered in {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 * A question is named after its test class: {@code CounterTest} grades {@code Counter}.
 * These are the public points only; the grader adds hidden tests (edge cases, timing, stress).
 */
public final class PointsSummary implements TestExecutionListener {

    private final Map<String, int[]> perQuestion = new TreeMap<>();
    /** Hints of the tests that failed, in the order they failed. */
    private final java.util.List<String> hints = new java.util.ArrayList<>();
    /**
     * Exceptions that ended a thread (other than the test's own) while the current test ran: a stub's "TODO" in a
     * thread the test started, or your code's exception there. As in the grader, such a failure gets no concept
     * hint: the exception, printed where it happened, says what to fix first.
     */
    private final java.util.Set<Throwable> uncaught = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            uncaught.add(e);
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else { // what the JVM prints without a handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            uncaught.clear();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<MethodSource> source = test.getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (!test.isTest() || source.isEmpty()) {
            return;
        }
        String className = source.get().getClassName();
        String question = className.substring(className.indexOf('.') + 1).replaceFirst("Test$", "");
        int[] counts = perQuestion.computeIfAbsent(question, q -> new int[2]);
        counts[1]++;
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            counts[0]++;
        } else if (uncaught.isEmpty()) {
            hintFor(source.get(), result).ifPresent(h -> hints.add(source.get().getMethodName() + ": " + h));
        }
    }

    /**
     * The test's hint for this failure, as the grader chooses it: none for a method that is still the skeleton's
     * stub or for an exception of your code (its message says where), else the hint whose {@code when} text is in
     * the failure's message, else the one without {@code when}.
     */
    private static Optional<String> hintFor(MethodSource source, TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        if (t == null || !(t instanceof AssertionError)) {
            return Optional.empty();
        }
        String message = String.valueOf(t.getMessage());
        if (message.contains("UnsupportedOperationException: TODO")) {
            return Optional.empty(); // the check failed on a stub's "TODO" (AssertJ quotes the throwable it saw)
        }
        try {
            Class<?> c = Class.forName(source.getClassName());
            parakit.support.Hint[] all = c.getDeclaredMethod(source.getMethodName()).getAnnotationsByType(parakit.support.Hint.class);
            Optional<String> specific = java.util.Arrays.stream(all).filter(h -> !h.when().isEmpty() && message.contains(h.when()))
                    .map(parakit.support.Hint::value).findFirst();
            return specific.or(() -> java.util.Arrays.stream(all).filter(h -> h.when().isEmpty()).map(parakit.support.Hint::value)
                    .findFirst());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (perQuestion.isEmpty()) {
            return;
        }
        int earned = 0;
        int total = 0;
        StringBuilder out = new StringBuilder("\nparakit public tests, points per question\n");
        for (Map.Entry<String, int[]> e : perQuestion.entrySet()) {
            int[] c = e.getValue();
            earned += c[0];
            total += c[1];
            out.append(String.format("  %-32s %3d / %-3d %s%n", e.getKey(), c[0], c[1], c[0] == c[1] ? "ok" : "TODO"));
        }
        out.append(String.format("  %-32s %3d / %-3d%n", "total (public)", earned, total));
        out.append("  The grader also runs hidden tests: passing these is necessary, not sufficient.\n");
        if (!hints.isEmpty()) {
            out.append("\nHints for the failed tests (the concept to look at in the lesson):\n");
            hints.forEach(h -> out.append("  - ").append(h).append('\n'));
        }
        System.out.print(out);
        write(earned, total);
    }

    /**
     * Writes the points for the repository's workflow (and for anyone who wants them as data) to
     * {@code target/parakit/}: {@code points.properties} ({@code earned}, {@code max}), {@code summary.md} (the
     * table above as Markdown, for the run's summary page), and {@code classroom.json}, the result shape GitHub
     * Classroom's grading reporter reads from a runner ({@code version}, {@code status}, {@code max_score},
     * {@code tests} with {@code name}, {@code status}, {@code score}, {@code message}). A write that fails is
     * reported and does not fail the build: the points printed above are what counts locally.
     */
    private void write(int earned, int total) {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("basedir", ".")).resolve("target/parakit");
        StringBuilder md = new StringBuilder("## parakit public tests: " + earned + " / " + total + " points\n\n"
                + "| question | points | |\n|---|---:|---|\n");
        StringBuilder tests = new StringBuilder();
        for (Map.Entry<String, int[]> e : perQuestion.entrySet()) {
            int[] c = e.getValue();
            md.append("| `").append(e.getKey()).append("` | ").append(c[0]).append(" / ").append(c[1]).append(" | ")
                    .append(c[0] == c[1] ? "ok" : "TODO").append(" |\n");
            tests.append(tests.isEmpty() ? "" : ",").append("{\"name\":").append(json(e.getKey()))
                    .append(",\"status\":\"").append(c[0] == c[1] ? "pass" : "fail").append("\",\"score\":")
                    .append(c[0]).append(",\"max_score\":").append(c[1]).append(",\"message\":")
                    .append(json(c[0] + " of " + c[1] + " public tests passed")).append(",\"line_no\":0}");
        }
        md.append("\nThese are the public tests only. The hidden tests are run by your instructor's grader, not here.\n");
        if (!hints.isEmpty()) {
            md.append("\n### Hints for the failed tests\n\n");
            hints.forEach(h -> md.append("- ").append(h.replace("\n", " ")).append('\n'));
        }
        String classroom = "{\"version\":1,\"status\":\"" + (earned == total ? "pass" : "fail") + "\",\"max_score\":"
                + total + ",\"tests\":[" + tests + "]}\n";
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("points.properties"), "earned=" + earned + "\nmax=" + total + "\n");
            java.nio.file.Files.writeString(dir.resolve("summary.md"), md);
            java.nio.file.Files.writeString(dir.resolve("classroom.json"), classroom);
        } catch (java.io.IOException e) {
            System.out.println("parakit: could not write " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** A JSON string literal. */
    private static String json(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
