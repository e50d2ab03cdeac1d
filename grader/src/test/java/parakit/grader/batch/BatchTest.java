package parakit.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parakit.grader.Fixtures;
import parakit.grader.question.Question;
import parakit.grader.report.JsonReport;
import parakit.grader.score.GradeReport;

class BatchTest {

    @TempDir
    Path temp;

    private static void zip(Path zipFile, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    private static void zipTree(Path zipFile, Path tree, String prefix) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipFile)); Stream<Path> walk = Files.walk(tree)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                z.putNextEntry(new ZipEntry(prefix + tree.relativize(f).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
    }

    @Test
    void zipSlipAndJunkAreRefusedWithAReason() throws IOException {
        Path zip = temp.resolve("mallory.zip");
        zip(zip, Map.of("../../evil.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(ClassFolder.unzip(zip, temp.resolve("out/mallory"))).contains("outside the archive").contains("fix:");
        assertThat(temp.resolve("evil.txt")).doesNotExist();
        Path notZip = Files.writeString(temp.resolve("bogus.zip"), "not a zip at all");
        assertThat(ClassFolder.unzip(notZip, temp.resolve("out/bogus"))).contains("fix:");
    }

    @Test
    void discoverFindsSourcesAtTheRootOrOneFolderDownAndRejectsTheRest() throws IOException {
        Path cls = Files.createDirectories(temp.resolve("class"));
        Files.createDirectories(cls.resolve("alice/src/main/java"));
        Files.createDirectories(cls.resolve("bob/bob-main/src/main/java"));
        Files.createDirectories(cls.resolve("dave"));
        Files.writeString(cls.resolve("notes.txt"), "hello");
        Map<String, ClassFolder.Entry> found = ClassFolder.discover(cls, temp.resolve("unpacked")).stream()
                .collect(Collectors.toMap(ClassFolder.Entry::student, Function.identity()));
        assertThat(found).containsOnlyKeys("alice", "bob", "dave", "notes.txt");
        assertThat(found.get("alice").root()).isEqualTo(cls.resolve("alice"));
        assertThat(found.get("bob").root()).isEqualTo(cls.resolve("bob/bob-main"));
        assertThat(found.get("dave").rejected()).contains("has no src/main/java").contains("fix:");
        assertThat(found.get("notes.txt").rejected()).contains("neither a folder nor a .zip");
    }

    @Test
    void csvCellsAreQuotedWhenNeeded() {
        assertThat(Gradebook.csv(List.of("plain", "a,b", "say \"hi\"", "Zoë"))).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",Zoë\r\n");
    }

    @Test
    void contentHashFollowsTheSourcesOnly() throws IOException {
        Path a = Files.createDirectories(temp.resolve("a/src/main/java/p"));
        Files.writeString(a.resolve("X.java"), "class X {}");
        String before = ContentHash.ofSources(temp.resolve("a"));
        Files.createDirectories(temp.resolve("a/target")).resolve("junk");
        Files.writeString(temp.resolve("a/README.md"), "notes");
        assertThat(ContentHash.ofSources(temp.resolve("a"))).as("hash after changes outside src/main/java").isEqualTo(before);
        Files.writeString(a.resolve("X.java"), "class X { }");
        assertThat(ContentHash.ofSources(temp.resolve("a"))).as("hash after a source changed").isNotEqualTo(before);
    }

    @Test
    void aClassIsGradedResumedAndRegradedOnlyWhereSourcesChanged() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("alice/src"));
        Fixtures.copyTree(root.resolve("exercises/src/main"), cls.resolve("bob/src/main"));
        zipTree(cls.resolve("carol.zip"), root.resolve("solutions/src"), "carol-main/src/");
        Files.createDirectories(cls.resolve("dave"));
        Path out = temp.resolve("graded");

        Batch.Summary first = batch().run(cls, out, false);
        assertThat(first.submissions()).isEqualTo(4);
        assertThat(first.graded()).as("graded in the first run").isEqualTo(3);
        assertThat(first.rejected()).isEqualTo(1);
        Map<String, String> rows = rows(out);
        assertThat(rows.get("alice")).startsWith("alice,graded,7,7,7,");
        assertThat(rows.get("bob")).startsWith("bob,graded,0,0,7,");
        assertThat(rows.get("carol")).startsWith("carol,graded,7,7,7,");
        assertThat(rows.get("dave")).startsWith("dave,rejected,0,0,7,").contains("has no src/main/java");
        assertThat(out.resolve("feedback/bob.md")).content().contains("Counter");
        assertThat(out.resolve("feedback/bob.html")).content().contains("<html").doesNotContain("<script");
        assertThat(out.resolve("summary.md")).content().contains("4 submissions, 3 graded, 1 not graded")
                .contains("Did not attempt some question (a skeleton handed in untouched) (1)\n\nbob\n");
        assertThat(out.resolve("feedback/bob.md")).content().contains("not-attempted").contains("threading Q6");
        assertThat(out.resolve("gradebook-canvas.csv")).content().contains("Points Possible");

        Batch.Summary second = batch().run(cls, out, false);
        assertThat(second.graded()).as("graded again although nothing changed").isZero();
        assertThat(second.reused()).isEqualTo(3);

        Files.copy(root.resolve("solutions/src/main/java/parakit/threading/Counter.java"),
                cls.resolve("bob/src/main/java/parakit/threading/Counter.java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Batch.Summary third = batch().run(cls, out, false);
        assertThat(third.graded()).as("graded after bob changed his Counter").isEqualTo(1);
        assertThat(rows(out).get("bob")).startsWith("bob,graded,7,7,7,");
        assertThat(third.changed()).as("whose score moved since the last gradebook").containsExactly("bob: 0/7 -> 7/7");
        assertThat(second.changed()).isEmpty();

        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("temporary files left in the output folder").noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".partial"));
        }
    }

    @Test
    void misplacedPackagesAndLinksOutOfTheSubmissionScoreZeroWithAReasonInTheGradebook() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Path erin = Files.createDirectories(cls.resolve("erin/src/main/java/threading"));
        Files.copy(root.resolve("solutions/src/main/java/parakit/threading/Counter.java"), erin.resolve("Counter.java"));
        Path frank = Files.createDirectories(cls.resolve("frank/src/main/java/parakit/threading"));
        Path secret = Files.writeString(temp.resolve("secret.java"), "class Secret { }");
        Files.createSymbolicLink(frank.resolve("Counter.java"), secret);
        Path out = temp.resolve("graded");

        Batch.Summary s = batch().run(cls, out, false);

        assertThat(s.graded()).as("both graded, neither stops the batch").isEqualTo(2);
        Map<String, String> rows = rows(out);
        assertThat(rows.get("erin")).as("a file in the wrong package").startsWith("erin,graded,0,0,7,")
                .contains("missing-file").contains("found src/main/java/threading/Counter.java")
                .contains("package parakit.threading");
        assertThat(rows.get("frank")).as("a link out of the submission").startsWith("frank,graded,0,0,7,")
                .contains("outside the submission");
    }

    @Test
    void aGradingWithoutAVerdictOnASpeedupCheckIsReportedAndGradedAgainOnTheNextRun() throws Exception {
        Path cls = Files.createDirectories(temp.resolve("class"));
        Fixtures.copyTree(Fixtures.root().resolve("solutions/src"), cls.resolve("alice/src"));
        Question counter = Fixtures.asDedicated("threading.Counter");
        List<Task> submitted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // A backend whose machine is always busy: every grading ends without a verdict on the speedup question.
        Backend busy = new Backend() {
            @Override
            public boolean run(List<Task> tasks, Listener listener) {
                for (Task t : tasks) {
                    submitted.add(t);
                    listener.started(t);
                    GradeReport r = new GradeReport(t.submission().toString(), "2026-11-25T00:00:00Z", 4, 7,
                            List.of(new GradeReport.QuestionResult(counter.id(), counter.section(), counter.number(),
                                    counter.title(), 4, 7,
                                    "inconclusive", List.of())), List.of(), List.of(), new GradeReport.Timings(0, 0, 0, 0, 0, 1),
                            List.of());
                    parakit.grader.report.AtomicFile.write(t.result(), JsonReport.render(r));
                    listener.finished(t, null);
                }
                return true;
            }

            @Override
            public String name() {
                return "busy";
            }
        };
        Path out = temp.resolve("graded");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Batch.Summary first = new Batch(busy, List.of(counter), "test", discard, true).run(cls, out, false);
        assertThat(first.inconclusive()).isEqualTo(1);
        assertThat(first.graded()).isZero();
        assertThat(rows(out).get("alice")).startsWith("alice,inconclusive,4,4,7,").contains("no verdict on threading.Counter");
        Batch.Summary second = new Batch(busy, List.of(counter), "test", discard, true).run(cls, out, false);
        assertThat(second.reused()).as("kept although it had no verdict").isZero();
        assertThat(submitted).as("gradings submitted over both runs").hasSize(2);
    }

    @Test
    void questionsThatNeedDedicatedCoresAreGradedApartAfterTheOthersAndMergedIntoOneResult() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("alice/src"));
        Fixtures.copyTree(root.resolve("exercises/src/main"), cls.resolve("bob/src/main"));
        Question workers = Fixtures.questions("threading.Workers").getFirst();
        Question counter = Fixtures.asDedicated("threading.Counter");
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        LocalBackend local = new LocalBackend(2, Duration.ofMinutes(3), temp.resolve("work"));
        Backend recording = new Backend() {
            @Override
            public boolean run(List<Task> tasks, Listener listener) throws InterruptedException {
                return local.run(tasks, new Listener() {
                    @Override
                    public void started(Task task) {
                        events.add("started " + task.label());
                        listener.started(task);
                    }

                    @Override
                    public void finished(Task task, String failure) {
                        events.add("finished " + task.label());
                        listener.finished(task, failure);
                    }
                });
            }

            @Override
            public String name() {
                return "local";
            }
        };
        Path out = temp.resolve("graded");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Batch.Summary s = new Batch(recording, List.of(workers, counter), "test", discard, true).run(cls, out, false);

        assertThat(s.graded()).as("students graded").isEqualTo(2);
        int lastMain = Math.max(events.indexOf("finished alice"), events.indexOf("finished bob"));
        assertThat(events.indexOf("started alice (dedicated)")).as("dedicated part started after every main part ended: "
                + events).isGreaterThan(lastMain);
        assertThat(events.indexOf("started bob (dedicated)")).isGreaterThan(lastMain);
        assertThat(out.resolve("results/parts/alice.main.json")).content().contains("threading.Workers")
                .doesNotContain("\"threading.Counter\"");
        assertThat(out.resolve("results/parts/alice.dedicated.json")).content().contains("threading.Counter");
        GradeReport merged = JsonReport.parse(Files.readString(out.resolve("results/alice.json")));
        assertThat(merged.questions()).extracting(GradeReport.QuestionResult::id)
                .as("merged questions, in catalog order").containsExactly("threading.Workers", "threading.Counter");
        assertThat(merged.score()).isEqualTo(merged.maxScore()).isEqualTo(workers.maxPoints() + counter.maxPoints());
        assertThat(merged.environments()).as("where each part ran").hasSize(2)
                .anySatisfy(e -> assertThat(e.questions()).containsExactly("threading.Counter"));
        assertThat(rows(out).get("alice")).startsWith("alice,graded," + workers.maxPoints() + ",7,");
        assertThat(rows(out).get("bob")).startsWith("bob,graded,0,0,0,");

        Batch.Summary again = new Batch(recording, List.of(workers, counter), "test", discard, true).run(cls, out, false);
        assertThat(again.reused()).as("unchanged submissions, both parts kept").isEqualTo(2);
    }

    @Test
    void aDedicatedGradingPastItsLimitIsStoppedAndTheGradingsAfterItAreStillDone() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("alice/src"));
        // bob's Counter spins and ignores interrupts: his grading outlives the 15 s limit in the dedicated worker,
        // which must stop it and go on with carol in the same worker.
        Fixtures.solutionsWith(root.resolve("grader/src/test/resources/hostile/spins-ignoring-interrupts"), cls.resolve("bob"));
        Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve("carol/src"));
        Question counter = Fixtures.asDedicated("threading.Counter");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Path out = temp.resolve("graded");

        Batch.Summary s = new Batch(new LocalBackend(2, Duration.ofSeconds(15), temp.resolve("work")), List.of(counter),
                "test", discard, true).run(cls, out, false);

        assertThat(s.graded()).as("students graded").isEqualTo(2);
        assertThat(s.failed()).as("students whose grading was stopped").isEqualTo(1);
        Map<String, String> rows = rows(out);
        assertThat(rows.get("bob")).startsWith("bob,failed,0,").contains("longer than 15 s");
        assertThat(rows.get("alice")).startsWith("alice,graded,7,");
        assertThat(rows.get("carol")).as("graded after bob, by the same worker").startsWith("carol,graded,7,");
        Fixtures.awaitNoDescendants(Duration.ofSeconds(10));
    }

    @Test
    void aBatchKilledMidRunLeavesNoHalfWrittenFileAndTheNextRunKeepsWhatWasFinished() throws Exception {
        Path root = Fixtures.root();
        Path cls = Files.createDirectories(temp.resolve("class"));
        for (String student : List.of("alice", "bob", "carol")) {
            Fixtures.copyTree(root.resolve("solutions/src"), cls.resolve(student + "/src"));
        }
        Path out = temp.resolve("graded");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "parakit.grader.cli.Main", "batch", cls.toString(), "--out",
                out.toString(), "--jobs", "1", "-q", "threading.Counter", "--quiet");
        Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // Kill the batch (and every process under it, as a crash or kill -9 of a session would) once one
        // grading has finished and the next is under way.
        Path aliceDone = out.resolve("results/parts/alice.main.meta.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(aliceDone) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        assertThat(first.isAlive()).as("batch still running after its first grading").isTrue();
        first.descendants().forEach(ProcessHandle::destroyForcibly);
        first.destroyForcibly().waitFor();
        Fixtures.awaitNoDescendants(Duration.ofSeconds(10));

        assertThat(out.resolve("gradebook.csv")).as("gradebook of a batch killed mid-run: none, never half of one")
                .doesNotExist();
        try (Stream<Path> files = Files.walk(out.resolve("results"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(f).as("every result file is whole JSON").content().startsWith("{").endsWith("}\n");
            }
        }

        Process second = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("the run after the kill").contains("3 submissions: 2 graded, 1 unchanged (kept)");
        assertThat(rows(out).values()).allSatisfy(row -> assertThat(row).contains(",graded,7,"));
    }

    private Batch batch() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        return new Batch(new LocalBackend(2, Duration.ofMinutes(3), temp.resolve("work")),
                Fixtures.questions("threading.Counter"), "test", discard, false);
    }

    private static Map<String, String> rows(Path out) throws IOException {
        return Files.readAllLines(out.resolve("gradebook.csv")).stream().skip(1)
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(',')), Function.identity()));
    }
}
