package parakit.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Publishes each student's feedback back to their repository: {@code FEEDBACK.md} (the grader's Markdown report)
 * as a commit on a branch of its own ({@code parakit-feedback} by default), whose history keeps every earlier
 * feedback. The student's own branches are never touched, so publishing cannot conflict with their work.
 *
 * <p>Built with Git's plumbing in a scratch bare repository (no checkout, no hooks): fetch the feedback branch if
 * it exists, write the file's blob and a one-file tree, commit it on top, push that branch only. A feedback that
 * equals the last one published is not committed again ({@code unchanged}). Every roster entry and every feedback
 * file is accounted for: published, unchanged, or why not.
 */
public final class Publish {

    /** What happened to one student. */
    public record Published(String student, String status, String commit, String reason) {
    }

    private static final Map<String, String> AUTHOR = Map.of(
            "GIT_AUTHOR_NAME", "parakit grader", "GIT_AUTHOR_EMAIL", "parakit@localhost",
            "GIT_COMMITTER_NAME", "parakit grader", "GIT_COMMITTER_EMAIL", "parakit@localhost");

    /**
     * @param graded the output folder of {@code batch} (its {@code feedback/<student>.md})
     * @param commits the commit each student was graded on (from a collection), named in the commit message
     */
    public List<Published> run(Roster roster, Path graded, String branch, Map<String, String> commits, Path scratch) {
        Path feedback = graded.resolve("feedback");
        List<Published> out = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (Roster.Entry e : roster.entries()) {
            Path md = feedback.resolve(e.student() + ".md");
            if (!Files.isRegularFile(md)) {
                out.add(new Published(e.student(), "no feedback", "", "no " + md + " (not graded: not collected?)"));
                continue;
            }
            matched.add(e.student() + ".md");
            if (e.repository().isBlank()) {
                out.add(new Published(e.student(), "failed", "", "the roster gives no repository"));
                continue;
            }
            out.add(publish(e, md, branch, commits.getOrDefault(e.student(), ""), scratch.resolve(e.student() + ".git")));
        }
        try (Stream<Path> list = Files.isDirectory(feedback) ? Files.list(feedback) : Stream.empty()) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !matched.contains(n)).sorted()
                    .forEach(n -> out.add(new Published(n.substring(0, n.length() - 3), "not in roster", "",
                            "feedback without a roster entry: not published; fix: add the student to the roster")));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out;
    }

    private static Published publish(Roster.Entry e, Path md, String branch, String gradedCommit, Path repo) {
        try {
            deleteTree(repo);
            Files.createDirectories(repo);
        } catch (IOException x) {
            return new Published(e.student(), "failed", "", "cannot create " + repo + " (" + x.getMessage() + ")");
        }
        try {
            Git.Result init = Git.run(repo, "init", "--quiet", "--bare");
            if (!init.ok()) {
                return new Published(e.student(), "failed", "", Git.reason(init));
            }
            Git.Result remote = Git.run(repo, "ls-remote", "--heads", "--", e.repository(), branch);
            if (!remote.ok()) {
                return new Published(e.student(), "failed", "", "cannot reach " + e.repository() + ": " + Git.reason(remote));
            }
            String parent = "";
            if (!remote.out().isBlank()) {
                Git.Result fetch = Git.run(repo, "fetch", "--quiet", "--", e.repository(),
                        "+refs/heads/" + branch + ":refs/heads/" + branch);
                if (!fetch.ok()) {
                    return new Published(e.student(), "failed", "", "cannot fetch " + branch + ": " + Git.reason(fetch));
                }
                parent = Git.run(repo, "rev-parse", "--verify", "refs/heads/" + branch).out();
            }
            byte[] text = Files.readAllBytes(md);
            String blob = Git.run(repo, Map.of(), text, "hash-object", "-w", "--stdin").out();
            String tree = Git.run(repo, Map.of(), ("100644 blob " + blob + "\tFEEDBACK.md\n").getBytes(StandardCharsets.UTF_8),
                    "mktree").out();
            if (!parent.isBlank() && tree.equals(Git.run(repo, "rev-parse", parent + "^{tree}").out())) {
                return new Published(e.student(), "unchanged", parent, "");
            }
            String message = "parakit feedback" + (gradedCommit.isBlank() ? "" : " on commit " + gradedCommit) + "\n";
            List<String> args = new ArrayList<>(List.of("commit-tree", tree));
            if (!parent.isBlank()) {
                args.addAll(List.of("-p", parent));
            }
            Git.Result commit = Git.run(repo, AUTHOR, message.getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new));
            if (!commit.ok()) {
                return new Published(e.student(), "failed", "", Git.reason(commit));
            }
            Git.Result push = Git.run(repo, "push", "--quiet", "--", e.repository(),
                    commit.out() + ":refs/heads/" + branch);
            if (!push.ok()) {
                return new Published(e.student(), "failed", "", "cannot push to " + e.repository() + ": " + Git.reason(push));
            }
            return new Published(e.student(), "published", commit.out(), "");
        } catch (IOException x) {
            return new Published(e.student(), "failed", "", "cannot read " + md + " (" + x.getMessage() + ")");
        } finally {
            try {
                deleteTree(repo);
            } catch (IOException x) {
                // A scratch folder: left for the OS to clean.
            }
        }
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
