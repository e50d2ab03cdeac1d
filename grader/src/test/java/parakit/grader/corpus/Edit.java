package parakit.grader.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One question's answer as a changed copy of its reference solution file: what a round's submission carries
 * instead of that file.
 *
 * @param question the question id, {@code section.Stem}
 * @param path     the file's path under {@code src/main/java}, with '/' ({@code parakit/section/Stem.java})
 * @param text     the whole changed file
 */
public record Edit(String question, String path, String text) {

    /** Writes the file into the source root {@code srcMainJava}, replacing the reference's copy. */
    public void writeInto(Path srcMainJava) {
        Path target = srcMainJava.resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
