package parakit.grader.build;

import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The compiler run of {@link Compiler}, in a JVM of its own. Argument: a file with the compiler's options, a line
 * {@code --}, then the source files, one per line. Prints one line per error: {@code file TAB line TAB message}
 * (newlines in the message as {@code \n}); exit code 0 whether or not the code compiled, 2 on a bad request,
 * 3 when the compiler itself failed (out of memory, a crash) without reporting an error.
 */
public final class CompilerMain {

    private CompilerMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int split = lines.indexOf("--");
        if (split < 0) {
            System.exit(2);
        }
        List<String> options = lines.subList(0, split);
        List<Path> files = lines.subList(split + 1, lines.size()).stream().map(Path::of).toList();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            ok = javac.getTask(new StringWriter(), fm, diagnostics, new ArrayList<>(options), null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).toString();
            out.println(file + "\t" + d.getLineNumber() + "\t" + d.getMessage(Locale.ROOT).replace("\n", "\\n"));
        }
        out.flush();
        if (!ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
            // The compiler failed without an error of the code's (it ran out of memory, or crashed): say so by the
            // exit code; the grader blames the run, not a line.
            System.exit(3);
        }
    }
}
