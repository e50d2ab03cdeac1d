package parakit.grader.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A class list: who the students are, where their repositories live, and how the LMS knows them.
 *
 * <p>A CSV file with a header line naming its columns, in any order: {@code student} (required: the submission's
 * name, the folder it is graded under), {@code repository} (a Git URL or path; required to collect and publish),
 * {@code lms_id} and {@code name} (optional, for the gradebooks). Lines that are blank or start with {@code #} are
 * skipped. A GitHub Classroom export's {@code github_username} column is read as {@code student} and
 * {@code student_repository_url} as {@code repository}.
 *
 * @param entries in file order
 */
public record Roster(List<Entry> entries) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** One student. */
    public record Entry(String student, String repository, String lmsId, String name) {
    }

    /** The roster cannot be read; the message names the file, the line and the fix. */
    public static final class RosterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RosterException(String message) {
            super(message);
        }
    }

    public Roster {
        entries = List.copyOf(entries);
    }

    /** Reads a roster file. */
    public static Roster read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RosterException("cannot read the roster " + file + " (" + e.getMessage() + "); fix: give the "
                    + "path of a CSV file with a header line (student,repository,lms_id,name)");
        }
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new RosterException(file + " is empty; fix: a header line (student,repository,lms_id,name), then "
                    + "one line per student");
        }
        List<String> columns = Gradebook.parseCsvLine(lines.get(header)).stream()
                .map(c -> c.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        int student = index(columns, "student", "github_username", "login");
        int repository = index(columns, "repository", "student_repository_url", "repo");
        int lmsId = index(columns, "lms_id", "id", "sis_id");
        int name = index(columns, "name", "roster_identifier", "full_name");
        if (student < 0) {
            throw new RosterException(file + ":" + (header + 1) + " has no 'student' column (found: "
                    + String.join(", ", columns) + "); fix: name the column of submission names 'student'");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Gradebook.parseCsvLine(line);
            String s = cell(cells, student);
            if (!NAME.matcher(s).matches()) {
                throw new RosterException(file + ":" + (i + 1) + ": student '" + s + "' is not a usable name (letters, "
                        + "digits, '.', '_' and '-', starting with a letter or digit); fix: the name the "
                        + "submission folder has");
            }
            if (!seen.add(s)) {
                throw new RosterException(file + ":" + (i + 1) + ": student '" + s + "' is listed twice; fix: keep one line");
            }
            entries.add(new Entry(s, cell(cells, repository), cell(cells, lmsId), cell(cells, name)));
        }
        return new Roster(entries);
    }

    /** The entry of a submission name, also for GitHub Classroom's folder names {@code assignment-username}. */
    public java.util.Optional<Entry> find(String submission) {
        for (Entry e : entries) {
            if (e.student().equals(submission)) {
                return java.util.Optional.of(e);
            }
        }
        for (Entry e : entries) {
            if (submission.endsWith("-" + e.student())) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    private static int index(List<String> columns, String... names) {
        for (String n : names) {
            int i = columns.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String cell(List<String> cells, int i) {
        return i < 0 || i >= cells.size() ? "" : cells.get(i).strip();
    }
}
