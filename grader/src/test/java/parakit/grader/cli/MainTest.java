package parakit.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import parakit.grader.Fixtures;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class MainTest {

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandAndOptionIsDocumentedInHelp() {
        CommandLine cli = new CommandLine(Main.class);
        assertThat(cli.getSubcommands()).containsKeys("grade", "questions", "generate", "help");
        cli.getSubcommands().values().stream().map(CommandLine::getCommandSpec).forEach(MainTest::assertDocumented);
        assertThat(run("grade", "--help").code()).isZero();
        for (String command : cli.getSubcommands().keySet()) {
            Run help = run(command, "--help");
            assertThat(help.code()).as("%s --help", command).isZero();
            assertThat(help.err()).as("warnings while rendering %s --help", command).isEmpty();
        }
        assertThat(run("grade", "--help").out()).contains("--json", "--junit-xml", "--markdown", "--test-timeout");
    }

    private static void assertDocumented(CommandSpec spec) {
        assertThat(spec.usageMessage().description()).as("description of '%s'", spec.name()).isNotEmpty();
        spec.options().forEach(o -> assertThat(String.join(" ", o.description()))
                .as("--help text of %s %s", spec.name(), o.longestName()).isNotBlank());
        spec.positionalParameters().forEach(p -> assertThat(String.join(" ", p.description()))
                .as("--help text of %s %s", spec.name(), p.paramLabel()).isNotBlank());
    }

    @Test
    void questionsListsWhatEachQuestionNeedsAndItsRules() {
        Run r = run("questions");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("cluster.BatchScript")).findFirst()).as("cluster Q1's line")
                .hasValueSatisfying(l -> assertThat(l).contains("needs a Slurm cluster"));
        assertThat(r.out().lines().filter(l -> l.startsWith("multiprocessing.PoolMap")).findFirst())
                .as("the speedup question's line")
                .hasValueSatisfying(l -> assertThat(l).contains("speedup check on dedicated cores").doesNotContain("needs"));
        assertThat(r.out()).contains("requires BlockingQueue.* in FetchPages.concurrent");
    }

    @Test
    void badPathExitsOneWithTheFix() {
        Run r = run("grade", temp.resolve("missing").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("does not exist").contains("fix:");
    }

    @Test
    void unknownQuestionExitsOneNamingAValidId() {
        Run r = run("grade", Fixtures.root().resolve("solutions").toString(), "-q", "threading.Nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown question 'threading.Nope'").contains("parakit questions");
    }

    @Test
    void contradictoryBatchOptionsExitOneWithTheFix() throws Exception {
        Path cls = Files.createDirectories(temp.resolve("class"));
        Run attachLocally = run("batch", cls.toString(), "--attach");
        assertThat(attachLocally.code()).isEqualTo(1);
        assertThat(attachLocally.err()).contains("--backend slurm").contains("fix:");
        Run oneCore = run("batch", cls.toString(), "--backend", "slurm", "--dedicated-cpus", "1");
        assertThat(oneCore.code()).isEqualTo(1);
        assertThat(oneCore.err()).contains("at least 2 cores").contains("fix:");
        Run inside = run("batch", cls.toString(), "--out", cls.resolve("graded").toString());
        assertThat(inside.code()).isEqualTo(1);
        assertThat(inside.err()).contains("inside the class folder").contains("fix:");
    }

    @Test
    void theWorkerReportsEveryTaskItCannotGradeAndGoesOn() throws Exception {
        Run noList = run("grade-tasks", temp.resolve("tasks.tsv").toString());
        assertThat(noList.code()).isEqualTo(1);
        assertThat(noList.err()).contains("cannot read the task list").contains("tasks.tsv").contains("fix:");

        Path list = temp.resolve("tasks-main.tsv");
        Path result = temp.resolve("out/ghost.main.json");
        Files.writeString(list, "a line without tabs\n"
                + "ghost\tmain\t" + temp.resolve("no-such-folder") + "\t" + result + "\tthreading.Counter\n"
                + "nobody\tmain\t" + temp + "\t" + temp.resolve("out/nobody.main.json") + "\tthreading.Nope\n");
        Run r = run("grade-tasks", list.toString(), "--limit", "30");
        assertThat(r.code()).as("the list was read").isZero();
        assertThat(r.out().lines().toList()).as("one event line per task event").hasSize(5)
                .satisfies(l -> assertThat(l.get(0)).startsWith("parakit: task 0 ? failed: line 1 of ")
                        .contains("5 tab-separated fields"))
                .satisfies(l -> assertThat(l.get(1)).isEqualTo("parakit: task 1 ghost started"))
                .satisfies(l -> assertThat(l.get(2)).startsWith("parakit: task 1 ghost failed: ").contains("no-such-folder"))
                .satisfies(l -> assertThat(l.get(4)).startsWith("parakit: task 2 nobody failed: ")
                        .contains("unknown question 'threading.Nope'"));
        assertThat(result).as("result of a task that failed").doesNotExist();
    }

    @Test
    void usageErrorExitsTwo() {
        assertThat(run("grade").code()).isEqualTo(2);
        assertThat(run("grade", "x", "--no-such-option").code()).isEqualTo(2);
    }

    @Test
    void gradingWritesJsonJunitXmlAndMarkdownReports() throws Exception {
        Path json = temp.resolve("out/report.json");
        Path xml = temp.resolve("out/report.xml");
        Path md = temp.resolve("out/report.md");
        Run r = run("grade", Fixtures.root().resolve("exercises").toString(), "-q", "threading.Counter",
                "--json", json.toString(), "--junit-xml", xml.toString(), "--markdown", md.toString());
        assertThat(r.code()).as("exit code when grading ran (score 0 is not an error)").isZero();
        assertThat(r.out()).contains("threading.Counter");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("score").isNumber()).isTrue();
        assertThat(report.get("maxScore").isNumber()).isTrue();
        assertThat(report.get("score").asInt()).isZero();
        assertThat(report.get("maxScore").asInt()).isPositive();
        assertThat(report.get("tests")).isNotEmpty().allSatisfy(t -> assertThat(t.fieldNames()).toIterable()
                .contains("id", "question", "points", "max", "status", "message", "hint", "durationMillis"));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getDocumentElement().getNodeName()).isIn("testsuites", "testsuite");
        assertThat(Files.readString(md)).contains("threading.Counter").contains("|");
        try (var files = Files.list(json.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left behind")
                    .containsExactlyInAnyOrder("report.json", "report.xml", "report.md");
        }
    }

    @Test
    void generateCheckPassesOnTheSourceTree() {
        Run r = run("generate", "--check", "--root", Fixtures.root().toString());
        assertThat(r.code()).as(r.err()).isZero();
    }
}
