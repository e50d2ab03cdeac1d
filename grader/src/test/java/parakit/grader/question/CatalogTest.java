package parakit.grader.question;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import parakit.grader.Fixtures;

/** The invariants every question must keep, so that authors learn of a slip before students do. */
class CatalogTest {

    private final List<Question> questions = Fixtures.CATALOG.questions();
    private final Path root = Fixtures.root();

    @Test
    void idsAndNumbersAreUnique() {
        assertThat(questions).extracting(Question::id).doesNotHaveDuplicates();
        assertThat(questions.stream().collect(Collectors.groupingBy(Question::section,
                Collectors.mapping(Question::number, Collectors.toList()))))
                .allSatisfy((section, numbers) -> assertThat(numbers).as("numbers in %s", section).doesNotHaveDuplicates());
    }

    @Test
    void everyQuestionIsFoundByThePathPatternInAllFivePlaces() {
        assertThat(questions).allSatisfy(q -> {
            String pkg = "parakit/" + q.section() + "/";
            for (String source : q.sources()) {
                assertThat(root.resolve("solutions/src/main/java/" + source)).as("solution of %s", q.id()).isRegularFile();
                assertThat(root.resolve("exercises/src/main/java/" + source)).as("skeleton of %s", q.id()).isRegularFile();
            }
            assertThat(root.resolve("exercises/src/test/java/" + pkg + q.stem() + "Test.java")).as("public test of %s", q.id()).isRegularFile();
            assertThat(root.resolve("grader/src/hidden/java/" + pkg + q.stem() + "HiddenTest.java")).as("hidden test of %s", q.id()).isRegularFile();
            assertThat(root.resolve("exercises/lessons/" + q.section() + ".md")).as("lesson page of %s", q.id())
                    .content().containsPattern("(?m)^## Q" + q.number() + "\\. .+ \\(" + q.stem() + "\\)$");
        });
    }

    @Test
    void everyLessonSectionIsWritten() throws IOException {
        for (Question q : questions) {
            String page = Files.readString(root.resolve("exercises/lessons/" + q.section() + ".md"));
            int start = page.indexOf("## Q" + q.number() + ". ");
            int end = page.indexOf("\n## ", start + 1);
            String section = page.substring(start, end < 0 ? page.length() : end);
            assertThat(section).as("lesson section of %s", q.id()).doesNotContain("<!--")
                    .contains("**Task.**").contains("**What the tests check.**");
            assertThat(section.split("\\s+")).as("words in the lesson section of %s", q.id()).hasSizeGreaterThan(120);
        }
    }

    @Test
    void everyQuestionHasPublicAndHiddenTestsAndEveryHiddenTestAHint() {
        assertThat(questions).allSatisfy(q -> {
            assertThat(q.tests()).as("public tests of %s", q.id()).anyMatch(t -> t.visibility() == Question.Visibility.PUBLIC);
            assertThat(q.tests()).as("hidden tests of %s", q.id()).anyMatch(t -> t.visibility() == Question.Visibility.HIDDEN);
            assertThat(q.tests()).filteredOn(t -> t.visibility() == Question.Visibility.HIDDEN)
                    .allSatisfy(t -> assertThat(t.hints()).as("@Hint of %s", t.id()).isNotEmpty());
        });
    }

    @Test
    void hiddenTestsNeverReachTheStudentsRepository() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("exercises"))) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(".java"))
                    .filter(f -> f.contains("HiddenTest") || f.contains("/corpus/"))).isEmpty();
        }
        try (Stream<Path> files = Files.walk(root.resolve("exercises/src/test/java"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("parakit.grader");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).as("public tests must run with plain JUnit + AssertJ, without the grader").isEmpty();
        }
    }
}
