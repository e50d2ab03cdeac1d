package parakit.grader.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * One grading to run: whatever the backend (a local process, a Slurm array task), its only job is to make
 * {@code result} appear, atomically, holding the grader's JSON report for {@code questions} of
 * {@code submission}.
 *
 * <p>A submission is graded in one or two parts: {@link #MAIN} holds the questions whose tests tolerate other
 * work beside them, {@link #DEDICATED} those with speedup checks, which a backend must run on cores that no
 * other grading uses at the time ({@link parakit.grader.question.Question#dedicatedCores()}).
 *
 * @param student    the student's id (file-name safe)
 * @param part       {@link #MAIN} or {@link #DEDICATED}
 * @param submission the folder holding src/main/java
 * @param questions  the question ids to grade (never empty)
 * @param result     where the JSON report must appear
 */
public record Task(String student, String part, Path submission, List<String> questions, Path result) {

    /** The part graded beside other gradings. */
    public static final String MAIN = "main";
    /** The part graded on cores of its own. */
    public static final String DEDICATED = "dedicated";

    public Task {
        questions = List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("a task grades at least one question: " + student + " " + part);
        }
    }

    /** Whether the backend must give this grading cores of its own. */
    public boolean dedicatedCores() {
        return part.equals(DEDICATED);
    }

    /** The grader's command-line options that select this task's questions. */
    public List<String> questionOptions() {
        return questions.stream().flatMap(q -> java.util.stream.Stream.of("-q", q)).toList();
    }

    /**
     * This task as one line of a task list, the file that the grader's {@code grade-tasks} command works through
     * (locally and on Slurm): student, part, submission folder, result file and the question ids
     * (comma-separated), separated by tabs. {@link #fromListLine} reads it back.
     */
    public String toListLine() {
        for (String field : List.of(student, part, submission.toString(), result.toString())) {
            if (field.contains("\t") || field.contains("\n")) {
                throw new IllegalArgumentException("a tab or line break in a task field cannot go into a task list: "
                        + field.replace("\t", "\\t").replace("\n", "\\n"));
            }
        }
        return String.join("\t", student, part, submission.toString(), result.toString(), String.join(",", questions));
    }

    /**
     * The task of one line of a task list ({@link #toListLine}).
     *
     * @throws IllegalArgumentException when the line does not have the five fields, naming what it has
     */
    public static Task fromListLine(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5 || f[4].isBlank()) {
            throw new IllegalArgumentException("a task line has 5 tab-separated fields (student, part, submission, "
                    + "result, questions), not " + f.length + ": " + line);
        }
        return new Task(f[0], f[1], Path.of(f[2]), List.of(f[4].split(",")), Path.of(f[3]));
    }

    /** {@code student} for the main part, {@code student (dedicated)} otherwise: for messages. */
    public String label() {
        return dedicatedCores() ? student + " (" + part + ")" : student;
    }
}
