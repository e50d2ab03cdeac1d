package parakit.grader.corpus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One folder of the corpus, {@code corpus/<section>/<case>/}: a {@code change.diff} against the reference
 * solution and an {@code expect.properties} saying what grading it must show. A wrong solution has
 * {@code question}, {@code mistake}, {@code fails}, {@code hint}; a correct variant has {@code question},
 * {@code correct=true} and {@code approach} (format in grader/AUTHORING.md).
 *
 * @param name   {@code section/case}
 * @param dir    the folder
 * @param expect its {@code expect.properties}
 */
public record CorpusCase(String name, Path dir, Properties expect) {

    /** Every case under {@code corpus}, sorted by name. */
    public static List<CorpusCase> load(Path corpus) {
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(f -> f.getFileName().toString().equals("expect.properties")).map(Path::getParent)
                    .sorted().map(d -> new CorpusCase(corpus.relativize(d).toString().replace('\\', '/'), d, read(d)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The question id, {@code section.Stem} ("?" when missing: {@link #require} reports it). */
    public String question() {
        return expect.getProperty("question", "?").strip();
    }

    /** Whether this is a correct variant ({@code correct=true}) rather than a wrong solution. */
    public boolean correct() {
        return Boolean.parseBoolean(expect.getProperty("correct", "false").strip());
    }

    /** The test method names of {@code fails=} (or {@code policy}); empty for a correct variant. */
    public List<String> fails() {
        return Arrays.stream(expect.getProperty("fails", "").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    /** The diff file. */
    public Path diff() {
        return dir.resolve("change.diff");
    }

    /** The value of {@code key}, failing with the case's name when it is missing or blank. */
    public String require(String key) {
        String v = expect.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new AssertionError(key + " missing in " + dir.resolve("expect.properties") + " (see grader/AUTHORING.md)");
        }
        return v.strip();
    }

    private static Properties read(Path dir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("expect.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
