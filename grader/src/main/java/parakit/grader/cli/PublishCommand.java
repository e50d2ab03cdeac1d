package parakit.grader.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import parakit.grader.batch.Publish;
import parakit.grader.batch.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parakit publish}: each student's feedback, back to their repository. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Commits each student's feedback (GRADED/feedback/<student>.md, from 'parakit batch') as "
                + "FEEDBACK.md on a branch of its own in their repository and pushes that branch only: their own "
                + "branches are never touched. A feedback equal to the last one published is not committed again.",
                "Needs push access to the students' repositories (GitHub Classroom gives the organisation's owners "
                        + "that). Every roster entry and every feedback file is reported: published, unchanged, or why not."},
        footer = {"", "Example:",
                "  ./parakit publish ~/class-2026-graded --roster roster.csv --class ~/class-2026"})
final class PublishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "GRADED", description = "The output folder of 'parakit batch'.")
    Path graded;

    @Option(names = "--roster", required = true, paramLabel = "FILE", description = "The roster CSV (student, repository).")
    Path roster;

    @Option(names = "--branch", defaultValue = "parakit-feedback", paramLabel = "NAME",
            description = "The branch the feedback goes to (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--class", paramLabel = "CLASS",
            description = "The collected class folder: its commits are named in the feedback's commit message.")
    Path classDir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(graded.resolve("feedback"))) {
            throw new UserException(graded + " has no feedback/ folder; fix: give the output folder of 'parakit batch'");
        }
        Roster r;
        try {
            r = Roster.read(roster);
        } catch (Roster.RosterException e) {
            throw new UserException(e.getMessage());
        }
        Map<String, String> commits = new HashMap<>();
        if (classDir != null) {
            for (Roster.Entry e : r.entries()) {
                Path marker = classDir.resolve(e.student()).resolve(parakit.grader.batch.Collect.MARKER);
                if (Files.isRegularFile(marker)) {
                    commits.put(e.student(), Files.readString(marker).strip());
                }
            }
        }
        Path scratch = Files.createTempDirectory("parakit-publish-");
        List<Publish.Published> done = new Publish().run(r, graded, branch, commits, scratch);
        Files.deleteIfExists(scratch);
        done.forEach(p -> System.out.println(p.student() + ": " + p.status()
                + (p.reason().isBlank() ? "" : " (" + p.reason() + ")")));
        long ok = done.stream().filter(p -> p.status().equals("published") || p.status().equals("unchanged")).count();
        System.out.println(ok + " of " + done.size() + " feedbacks are on branch " + branch);
        return 0;
    }
}
