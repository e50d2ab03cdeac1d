package parakit.grader.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The skeletons as students get them, bundled in the grader jar (public text: the same files as
 * {@code exercises/src/main/java}), to tell a question a student has not touched from one they got wrong.
 *
 * <p>A question is <em>untouched</em> when every one of its files equals its skeleton, ignoring line endings
 * (CRLF or LF), trailing spaces and trailing blank lines, which editors and Git change by themselves. Any other
 * edit, even a comment, makes the question attempted and graded as usual.
 */
public final class Skeletons {

    private static final String ROOT = "parakit/skeletons/";

    private final ClassLoader loader;

    private Skeletons(ClassLoader loader) {
        this.loader = loader;
    }

    /** The skeletons bundled with this grader. */
    public static Skeletons bundled() {
        return new Skeletons(Skeletons.class.getClassLoader());
    }

    /**
     * Whether every file of a usable question is its skeleton. False when the grader bundles no skeleton for one
     * of them (a question the skeletons do not have cannot be untouched).
     */
    public boolean untouched(Submission.Sources sources) {
        if (!sources.usable() || sources.files().isEmpty()) {
            return false;
        }
        for (int i = 0; i < sources.files().size(); i++) {
            Path file = sources.files().get(i);
            String rel = sources.question().sources().stream().filter(r -> file.endsWith(r)).findFirst().orElse(null);
            Optional<String> skeleton = rel == null ? Optional.empty() : skeleton(rel);
            if (skeleton.isEmpty()) {
                return false;
            }
            try {
                if (!normalized(Files.readString(file, StandardCharsets.UTF_8)).equals(normalized(skeleton.get()))) {
                    return false;
                }
            } catch (IOException | UncheckedIOException e) {
                return false; // unreadable or not UTF-8: not the skeleton; the later stages say what is wrong
            }
        }
        return true;
    }

    /** The skeleton of {@code rel} (relative to {@code src/main/java}), if bundled. */
    Optional<String> skeleton(String rel) {
        try (InputStream in = loader.getResourceAsStream(ROOT + rel)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Line endings as LF, no trailing spaces on a line, no trailing blank lines. */
    static String normalized(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[ \t]+\n", "\n").replaceAll("[ \t]+$", "")
                .replaceAll("\n+$", "");
    }
}
