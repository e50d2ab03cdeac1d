package parakit.grader.batch;

import java.nio.file.Path;

/**
 * One grading to run: whatever the backend (a local process, a Slurm array task), its only job is to make
 * {@code result} appear, atomically, holding the grader's JSON report for {@code submission}.
 *
 * @param student    the student's id (file-name safe)
 * @param submission the folder holding src/main/java
 * @param result     where the JSON report must appear
 */
public record Task(String student, Path submission, Path result) {
}
