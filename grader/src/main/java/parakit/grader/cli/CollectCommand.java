package parakit.grader.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import parakit.grader.batch.Collect;
import parakit.grader.batch.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parakit collect}: the class's repositories, as they were at the deadline, into a class folder. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Fetches every repository of the roster and writes, for each student, the last commit made "
                + "before the deadline into CLASS/<student>/ (plain files, no hooks run), ready for 'parakit batch "
                + "CLASS'. The commit is recorded in CLASS/<student>/.parakit-commit and CLASS/.parakit/collected.csv.",
                "Commit dates are set by the students' machines: for a cut-off nobody can move, run collect at the "
                        + "deadline (the instructor's workflow does, on a schedule)."},
        footer = {"", "Roster: CSV with a header; columns student, repository (Git URL or path), lms_id, name (a GitHub "
                + "Classroom export's github_username and student_repository_url are understood too).",
                "", "Example:",
                "  ./parakit collect ~/class-2026 --roster roster.csv --deadline 2026-12-11T23:59:59+01:00",
                "  ./parakit batch ~/class-2026 && ./parakit publish ~/class-2026-graded --roster roster.csv "
                        + "--class ~/class-2026"})
final class CollectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CLASS", description = "The class folder to collect into (created if needed).")
    Path classDir;

    @Option(names = "--roster", required = true, paramLabel = "FILE", description = "The roster CSV.")
    Path roster;

    @Option(names = "--deadline", required = true, paramLabel = "TIME",
            description = "ISO-8601 time with an offset, e.g. 2026-12-11T23:59:59+01:00 or 2026-12-11T22:59:59Z.")
    String deadline;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch to take (default: the repository's default branch).")
    String branch;

    @Override
    public Integer call() {
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(deadline).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserException("--deadline '" + deadline + "' is not an ISO-8601 time with an offset; fix: e.g. "
                    + "2026-12-11T23:59:59+01:00");
        }
        Roster r;
        try {
            r = Roster.read(roster);
        } catch (Roster.RosterException e) {
            throw new UserException(e.getMessage());
        }
        List<Collect.Collected> done = new Collect().run(r, at, branch, classDir);
        long ok = done.stream().filter(c -> c.status().equals("collected")).count();
        done.stream().filter(c -> !c.status().equals("collected"))
                .forEach(c -> System.out.println("not collected: " + c.student() + ": " + c.reason()));
        System.out.println("collected " + ok + " of " + done.size() + " repositories into " + classDir
                + " (commits: " + classDir.resolve(".parakit/collected.csv") + ")");
        return 0;
    }
}
