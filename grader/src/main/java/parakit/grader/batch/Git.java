package parakit.grader.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} program for collecting and publishing, hardened for repositories the instructor does not
 * control: no hooks (a student's repository cannot run code on the instructor's machine through Git), no prompt
 * for credentials (a run never waits for a password nobody types), no pager, a time limit per command.
 */
final class Git {

    /** What a git command printed and how it ended. */
    record Result(int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }
    }

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private Git() {
    }

    /** Runs {@code git args} in {@code dir} (null: the current folder), with {@code stdin} as its input (or none). */
    static Result run(Path dir, Map<String, String> env, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null",
                "-c", "protocol.ext.allow=never", "-c", "core.fsmonitor=false"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        if (dir != null) {
            b.directory(dir.toFile());
        }
        b.environment().put("GIT_TERMINAL_PROMPT", "0");
        b.environment().put("GIT_PAGER", "cat");
        b.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        b.environment().putAll(env);
        try {
            Path out = Files.createTempFile("parakit-git", ".out");
            Path err = Files.createTempFile("parakit-git", ".err");
            try {
                Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    return new Result(-1, "", "git " + String.join(" ", args) + " did not end within " + LIMIT.toMinutes()
                            + " minutes");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                        Files.readString(err, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", "cannot run git (" + e.getMessage() + "); fix: install Git and put it on PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    static Result run(Path dir, String... args) {
        return run(dir, Map.of(), null, args);
    }

    /** The first line of git's error output, for a reason in a report. */
    static String reason(Result r) {
        String text = r.err().isBlank() ? r.out() : r.err();
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
}
