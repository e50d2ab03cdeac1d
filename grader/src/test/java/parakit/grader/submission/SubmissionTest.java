package parakit.grader.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;

class SubmissionTest {

    @TempDir
    Path temp;

    private final Question counter = Fixtures.questions("threading.Counter").getFirst();

    @Test
    void missingPathFileAndFolderWithoutSourcesAreRejectedWithAFix() throws IOException {
        assertThatThrownBy(() -> Submission.open(temp.resolve("nope")))
                .isInstanceOf(Submission.InvalidSubmissionException.class).hasMessageContaining("does not exist").hasMessageContaining("fix:");
        Path zip = Files.writeString(temp.resolve("a.zip"), "PK");
        assertThatThrownBy(() -> Submission.open(zip)).hasMessageContaining("not a folder").hasMessageContaining("unpack");
        assertThatThrownBy(() -> Submission.open(temp)).hasMessageContaining("has no src/main/java").hasMessageContaining("fix:");
    }

    @Test
    void missingQuestionFileIsAProblemOfThatQuestionOnly() throws IOException {
        Files.createDirectories(temp.resolve("src/main/java"));
        Submission.Sources s = Submission.open(temp).sourcesOf(counter);
        assertThat(s.usable()).isFalse();
        assertThat(s.problems()).singleElement().asString()
                .contains("src/main/java/parakit/threading/Counter.java is missing").contains("fix:");
    }

    @Test
    void linkLeavingTheSubmissionIsRefused() throws IOException {
        Path outside = Files.writeString(temp.resolve("secret.java"), "class X {}");
        Path pkg = Files.createDirectories(temp.resolve("sub/src/main/java/parakit/threading"));
        Files.createSymbolicLink(pkg.resolve("Counter.java"), outside);
        Submission.Sources s = Submission.open(temp.resolve("sub")).sourcesOf(counter);
        assertThat(s.problems()).singleElement().asString().contains("outside the submission").contains("fix:");
    }

    @Test
    void hugeSourceIsRefused() throws IOException {
        Path pkg = Files.createDirectories(temp.resolve("src/main/java/parakit/threading"));
        Files.writeString(pkg.resolve("Counter.java"), "// x\n".repeat((int) (Submission.MAX_SOURCE_BYTES / 5 + 10)));
        assertThat(Submission.open(temp).sourcesOf(counter).problems()).singleElement().asString()
                .contains("KiB limit").contains("fix:");
    }

    @Test
    void directoryInPlaceOfTheFileIsRefused() throws IOException {
        Files.createDirectories(temp.resolve("src/main/java/parakit/threading/Counter.java"));
        assertThat(Submission.open(temp).sourcesOf(counter).problems()).singleElement().asString()
                .contains("not a regular file");
    }
}
