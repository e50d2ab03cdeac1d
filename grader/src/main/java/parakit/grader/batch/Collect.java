package parakit.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Collects a class's repositories into a class folder that {@code batch} grades: for every student of the roster,
 * the last commit of their branch made before the deadline, as plain files in {@code CLASS/<student>/}, with the
 * commit recorded ({@code CLASS/<student>/.parakit-commit} and {@code CLASS/.parakit/collected.csv}).
 *
 * <p>Repositories are fetched into bare caches under {@code CLASS/.parakit/repos/} (a second collection fetches only
 * what is new) and checked out without hooks. A student folder that exists and was not written by a collection is
 * left alone and reported, never overwritten. Every roster entry ends up in the report: collected, or why not.
 *
 * <p>The deadline is compared with the commit's committer date, which the student's machine sets: for a cut-off a
 * student cannot move, collect at the deadline (the instructor's scheduled workflow does), so that later pushes are
 * not there yet; the deadline then also leaves out commits dated after it.
 */
public final class Collect {

    /** The marker a collected student folder carries: the commit it holds. */
    public static final String MARKER = ".parakit-commit";

    /** What happened to one roster entry: {@code collected} with its commit, or {@code failed} with the reason. */
    public record Collected(String student, String repository, String status, String commit, String committed,
                            String reason) {
    }

    /**
     * @param branch the branch to take (null: the repository's default branch)
     */
    public List<Collected> run(Roster roster, Instant deadline, String branch, Path classDir) {
        List<Collected> out = new ArrayList<>();
        Path cache = classDir.resolve(".parakit/repos");
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + cache, e);
        }
        for (Roster.Entry e : roster.entries()) {
            out.add(collect(e, deadline, branch, classDir, cache.resolve(e.student() + ".git")));
        }
        StringBuilder csv = new StringBuilder(Gradebook.csv(List.of("student", "repository", "status", "commit",
                "committed", "reason")));
        out.forEach(c -> csv.append(Gradebook.csv(List.of(c.student(), c.repository(), c.status(), c.commit(),
                c.committed(), c.reason()))));
        parakit.grader.report.AtomicFile.write(classDir.resolve(".parakit/collected.csv"), csv.toString());
        return out;
    }

    private static Collected collect(Roster.Entry e, Instant deadline, String branch, Path classDir, Path repo) {
        if (e.repository().isBlank()) {
            return failed(e, "the roster gives no repository; fix: fill in the repository column");
        }
        Path dest = classDir.resolve(e.student());
        if (Files.exists(dest) && !Files.exists(dest.resolve(MARKER))) {
            return failed(e, dest + " exists and was not written by a collection; fix: move it away (it is left alone)");
        }
        Git.Result r = Files.isDirectory(repo)
                ? Git.run(repo, "fetch", "--quiet", "--prune", "origin", "+refs/heads/*:refs/heads/*")
                : Git.run(null, "clone", "--quiet", "--bare", "--", e.repository(), repo.toString());
        if (!r.ok()) {
            return failed(e, "cannot fetch " + e.repository() + ": " + Git.reason(r));
        }
        String ref = branch == null ? "HEAD" : "refs/heads/" + branch;
        Git.Result commit = Git.run(repo, "rev-list", "-1", "--first-parent",
                "--before=" + deadline.getEpochSecond(), ref, "--");
        if (!commit.ok()) {
            return failed(e, "no branch " + (branch == null ? "(default)" : branch) + ": " + Git.reason(commit));
        }
        if (commit.out().isBlank()) {
            return failed(e, "no commit on " + (branch == null ? "the default branch" : branch) + " before "
                    + deadline + " (not attempted, or only later commits)");
        }
        String sha = commit.out().strip();
        String when = Git.run(repo, "show", "-s", "--format=%cI", sha).out();
        try {
            deleteTree(dest);
            Files.createDirectories(dest);
            Git.Result checkout = Git.run(null, Map.of(), null, "--git-dir=" + repo, "--work-tree=" + dest,
                    "-c", "core.symlinks=false", "checkout", "--quiet", "--force", sha, "--", ".");
            if (!checkout.ok()) {
                deleteTree(dest);
                return failed(e, "cannot check out " + sha + ": " + Git.reason(checkout));
            }
            Files.writeString(dest.resolve(MARKER), sha + "\n", StandardCharsets.UTF_8);
        } catch (IOException x) {
            return failed(e, "cannot write " + dest + " (" + x.getMessage() + ")");
        }
        return new Collected(e.student(), e.repository(), "collected", sha, when, "");
    }

    private static Collected failed(Roster.Entry e, String reason) {
        return new Collected(e.student(), e.repository(), "failed", "", "", reason);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
