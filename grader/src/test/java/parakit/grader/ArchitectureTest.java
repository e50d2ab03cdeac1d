package parakit.grader;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grader reads as a pipeline: submission → build → policy → isolated run → score → report, driven by
 * {@code pipeline} and the {@code cli}. A stage may use the stages before it, never one after it.
 */
class ArchitectureTest {

    /** In pipeline order. {@code api} (what hidden tests use) and {@code question} come first: every stage reads them. */
    private static final List<String> STAGES = List.of(
            "api", "question", "submission", "build", "policy", "run", "score", "report", "pipeline", "batch", "cli");

    @Test
    void stagesDependOnlyOnEarlierStages() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("parakit.grader");
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("authoring").definedBy("parakit.grader.authoring..");
        for (String s : STAGES) {
            arch = arch.layer(s).definedBy("parakit.grader." + s + "..");
        }
        for (int i = 0; i < STAGES.size(); i++) {
            String[] later = STAGES.subList(i + 1, STAGES.size()).toArray(String[]::new);
            arch = later.length == 0 ? arch.whereLayer(STAGES.get(i)).mayNotBeAccessedByAnyLayer()
                    : arch.whereLayer(STAGES.get(i)).mayOnlyBeAccessedByLayers(later);
        }
        arch = arch.whereLayer("authoring").mayOnlyBeAccessedByLayers("cli");
        arch.because("a stage of the grading pipeline must not reach back to a later one: "
                + Arrays.toString(STAGES.toArray())).check(classes);
    }
}
