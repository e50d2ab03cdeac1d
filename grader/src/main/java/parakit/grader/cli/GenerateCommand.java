package parakit.grader.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import parakit.grader.authoring.SkeletonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parakit generate}: rewrites exercises/src/main/java from solutions/src/main/java. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Regenerates the students' skeletons (exercises/src/main/java) from the solution regions "
                + "in solutions/src/main/java. Lesson pages and public tests are hand-written and left alone."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
            description = "The parakit source tree, holding solutions/ and exercises/ (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--check",
            description = "Change nothing; exit 1 and list the files when exercises/ has drifted from solutions/ (for CI).")
    boolean check;

    @Override
    public Integer call() {
        Path solutions = root.resolve("solutions/src/main/java");
        Path exercises = root.resolve("exercises/src/main/java");
        if (!Files.isDirectory(solutions)) {
            throw new UserException("no solutions at " + solutions.toAbsolutePath()
                    + "; run this from the parakit source tree or pass --root DIR");
        }
        SkeletonGenerator generator = new SkeletonGenerator();
        try {
            if (check) {
                List<String> drift = generator.drift(solutions, exercises);
                if (drift.isEmpty()) {
                    System.out.println("exercises/ is in step with solutions/");
                    return 0;
                }
                drift.forEach(d -> System.out.println("drift: " + d));
                System.out.println("fix: run ./parakit generate and commit the result");
                return 1;
            }
            List<String> changed = generator.write(solutions, exercises);
            changed.forEach(System.out::println);
            System.out.println(changed.isEmpty() ? "exercises/ was already up to date" : changed.size() + " file(s) changed");
            return 0;
        } catch (SkeletonGenerator.MarkerException e) {
            throw new UserException(e.getMessage());
        }
    }
}
