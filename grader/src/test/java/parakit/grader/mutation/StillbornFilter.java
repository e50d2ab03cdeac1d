package parakit.grader.mutation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Tells which mutants compile, before any is graded: a mutant that does not compile is stillborn (counted,
 * never graded), so it takes no place in a round. Compiles the mutated file alone, in this JVM, against the
 * reference solutions' classes, with the options the grader uses.
 */
final class StillbornFilter implements AutoCloseable {

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files;
    private final Path solutionClasses;
    private final Path out;

    /**
     * @param solutionClasses the compiled reference solutions ({@code solutions/target/classes})
     * @param scratch         a folder for the class files (overwritten freely)
     */
    StillbornFilter(Path solutionClasses, Path scratch) {
        this.solutionClasses = solutionClasses;
        this.out = scratch;
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code m}'s file compiles. */
    boolean compiles(Mutant m) {
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + m.edit().path()), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return m.edit().text();
            }
        };
        List<String> options = List.of("--release", "21", "-proc:none", "-implicit:none", "-nowarn",
                "-d", out.toString(), "-classpath", solutionClasses.toString());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        return javac.getTask(new StringWriter(), files, diagnostics, options, null, List.of(source)).call();
    }

    @Override
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
