package parakit.grader.build;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import parakit.grader.question.Question;
import parakit.grader.submission.Submission;

/**
 * Compiles a submission's question files with the JDK's compiler, in process.
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

    private final JavaCompiler javac;

    public Compiler() {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
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

    private Map<Path, List<String>> run(List<Submission.Sources> sources, Path out, Path root) {
        try {
            Files.createDirectories(out);
            Path emptySourcePath = Files.createDirectories(out.resolveSibling(out.getFileName() + "-nosrc"));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<Path> paths = sources.stream().flatMap(s -> s.files().stream()).toList();
                List<String> options = List.of("--release", "21", "-proc:none", "-implicit:none", "-g",
                        "-encoding", "UTF-8", "-nowarn", "-Xmaxerrs", "100",
                        "-d", out.toString(), "-sourcepath", emptySourcePath.toString(), "-classpath", emptySourcePath.toString());
                StringWriter noise = new StringWriter();
                javac.getTask(noise, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(paths)).call();
            }
            Map<Path, List<String>> errors = new LinkedHashMap<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                Path file = d.getSource() == null ? Path.of("?") : Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
                String where = d.getSource() == null ? "" : root.relativize(file) + ":" + d.getLineNumber() + ": ";
                errors.computeIfAbsent(file, f -> new ArrayList<>()).add(where + "error: " + d.getMessage(Locale.ROOT));
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write class files under " + out, e);
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
