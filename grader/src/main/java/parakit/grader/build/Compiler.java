package parakit.grader.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import parakit.grader.question.Question;
import parakit.grader.submission.Submission;

/**
 * Compiles a submission's question files with the JDK's compiler, in a child JVM with a time limit
 * ({@link CompilerMain}).
 *
 * <p>Fast path: all usable questions in one compiler run. When that run reports errors, the questions whose
 * files hold an error are set aside with the compiler's messages and the rest are compiled again, until a run
 * is clean: so a compile error in one question fails that question only.
 *
 * <p>Options: {@code --release 21}, no annotation processing, no implicit compilation of other files
 * (a question compiles from its own files only), debug information kept (line numbers in stack traces).
 */
public final class Compiler {

    /** Compiler messages kept per question; more would drown the first, which is the one that matters. */
    private static final int MAX_MESSAGES = 8;

    /** Default limit of one compiler run. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

    private final Duration limit;

    /** A compiler whose every run ends within {@link #DEFAULT_LIMIT}. */
    public Compiler() {
        this(DEFAULT_LIMIT);
    }

    /** A compiler whose every run (in a child JVM) ends within {@code limit}. */
    public Compiler(Duration limit) {
        this.limit = limit;
        if (ToolProvider.getSystemJavaCompiler() == null) {
            throw new IllegalStateException("this Java runtime has no compiler (javax.tools); run the grader on a JDK 21+, not a JRE");
        }
    }

    /**
     * @param sources the usable questions' files
     * @param work    a folder for class files (created)
     */
    public BuildResult compile(Submission submission, List<Submission.Sources> sources, Path work) {
        long start = System.nanoTime();
        Map<String, List<String>> failed = new LinkedHashMap<>();
        List<Submission.Sources> remaining = new ArrayList<>(sources);
        Path classes = null;
        int pass = 0;
        while (!remaining.isEmpty()) {
            pass++;
            Path out = work.resolve("classes-" + pass);
            Map<Path, List<String>> errors = run(remaining, out, submission.root());
            if (timedOut(errors) && remaining.size() > 1) {
                // One question's code keeps the compiler busy: find which, alone, and go on without it.
                List<Submission.Sources> next = new ArrayList<>();
                for (Submission.Sources s : remaining) {
                    if (System.nanoTime() - start > limit.multipliedBy(3).toNanos()) {
                        // The whole compile stage is bounded too (three runs' worth), however many questions stall it.
                        failed.put(s.question().id(), List.of("error: " + TIMEOUT_MARK + ": the compile stage ran out of "
                                + "time on the questions before this one"));
                        continue;
                    }
                    Map<Path, List<String>> alone = run(List.of(s), work.resolve("alone-" + pass + "-" + next.size()
                            + "-" + failed.size()), submission.root());
                    if (timedOut(alone)) {
                        failed.put(s.question().id(), alone.values().stream().flatMap(List::stream).limit(1).toList());
                    } else {
                        next.add(s);
                    }
                }
                remaining = next;
                continue;
            }
            if (errors.isEmpty()) {
                classes = out;
                break;
            }
            List<Submission.Sources> next = new ArrayList<>();
            for (Submission.Sources s : remaining) {
                List<String> own = new ArrayList<>();
                for (Path f : s.files()) {
                    own.addAll(errors.getOrDefault(f.toAbsolutePath().normalize(), List.of()));
                }
                if (own.isEmpty()) {
                    next.add(s);
                } else {
                    failed.put(s.question().id(), own.size() > MAX_MESSAGES ? own.subList(0, MAX_MESSAGES) : own);
                }
            }
            if (next.size() == remaining.size()) {
                // Errors that no question's file owns (should not happen): fail everything with them.
                List<String> all = errors.values().stream().flatMap(List::stream).limit(MAX_MESSAGES).toList();
                remaining.forEach(s -> failed.put(s.question().id(), all));
                next.clear();
            }
            remaining = next;
        }
        return new BuildResult(classes, failed, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Begins the message of a compiler run that was stopped, or failed, because of the code it compiled. */
    private static final String TIMEOUT_MARK = "the compiler did not finish";

    private static boolean timedOut(Map<Path, List<String>> errors) {
        return !errors.isEmpty() && errors.values().stream().flatMap(List::stream).allMatch(m -> m.contains(TIMEOUT_MARK));
    }

    /**
     * One compiler run, in a child JVM with a time limit: javac is the grader's own code, but what it compiles is
     * not, and a source file can keep it busy for minutes (nested generic overloads, huge constant expressions).
     * In a child process the limit holds; inside the grader it could not be enforced. A run past the limit is
     * reported as an error on every file of the run (the caller then compiles each question alone, so that only
     * the question that caused it fails).
     */
    private Map<Path, List<String>> run(List<Submission.Sources> sources, Path out, Path root) {
        try {
            Files.createDirectories(out);
            Path emptySourcePath = Files.createDirectories(out.resolveSibling(out.getFileName() + "-nosrc"));
            List<Path> paths = sources.stream().flatMap(s -> s.files().stream()).map(p -> p.toAbsolutePath().normalize())
                    .toList();
            List<String> options = List.of("--release", "21", "-proc:none", "-implicit:none", "-g",
                    "-encoding", "UTF-8", "-nowarn", "-Xmaxerrs", "100",
                    "-d", out.toString(), "-sourcepath", emptySourcePath.toString(), "-classpath", emptySourcePath.toString());
            Path request = out.resolveSibling(out.getFileName() + ".args");
            List<String> lines = new ArrayList<>(options);
            lines.add("--");
            paths.forEach(p -> lines.add(p.toString()));
            Files.write(request, lines, StandardCharsets.UTF_8);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-cp", System.getProperty("java.class.path"), CompilerMain.class.getName(), request.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<String> stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readNBytes(4 << 20), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            boolean done = p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                Map<Path, List<String>> all = new LinkedHashMap<>();
                String why = "error: " + TIMEOUT_MARK + " within " + String.format(java.util.Locale.ROOT, "%.1f", limit.toMillis() / 1000.0) + " s on this code "
                        + "(it stopped here; simplify deeply nested generic calls or lambdas)";
                paths.forEach(f -> all.put(f, List.of(root.relativize(f) + ": " + why)));
                return all;
            }
            Map<Path, List<String>> errors = new LinkedHashMap<>();
            String text = stdout.get();
            if (p.exitValue() != 0 && text.isBlank()) {
                // The compiler itself failed on this code (out of memory on a constant too big, a stack overflow):
                // like a run past the limit, it is the code's doing, and the caller isolates the question.
                Map<Path, List<String>> all = new LinkedHashMap<>();
                String why = "error: " + TIMEOUT_MARK + " normally: it failed on this code (exit code " + p.exitValue()
                        + "; out of memory or too deep: simplify huge constants or deeply nested expressions)";
                paths.forEach(f -> all.put(f, List.of(root.relativize(f) + ": " + why)));
                return all;
            }
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                String fileName = line.substring(0, tab);
                String[] rest = line.substring(tab + 1).split("\t", 2);
                Path file = fileName.equals("?") ? Path.of("?") : Path.of(fileName).toAbsolutePath().normalize();
                String message = rest.length > 1 ? rest[1].replace("\\n", "\n") : "";
                String where = fileName.equals("?") ? "" : root.relativize(file) + ":" + rest[0] + ": ";
                errors.computeIfAbsent(file, f -> new ArrayList<>()).add(where + "error: " + message);
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write class files under " + out, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param classes  class files of every question that compiled (null when none did)
     * @param failed   question id to the compiler's messages, for the questions that did not compile
     * @param duration wall time of all compiler runs
     */
    public record BuildResult(Path classes, Map<String, List<String>> failed, Duration duration) {
        public boolean compiled(Question q) {
            return classes != null && !failed.containsKey(q.id());
        }
    }
}
