package parakit.grader.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import parakit.grader.authoring.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parakit export DIR}: the repository a course hands out to students. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the students' repository into DIR: skeletons, public tests and their support, lesson "
                + "pages, a standalone pom.xml, a README for students, a .gitignore and the students' workflow "
                + "(public tests and their points on every push; nothing secret, nothing of the grader).",
                "Never a solution region, a hidden test or instructor-only text: the export is checked before "
                        + "anything is written. DIR must be new or empty.",
                "Example: parakit export ../practical-week1 --sections threading,queues"})
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty folder to write the repository into.")
    Path target;

    @Option(names = "--sections", split = ",", paramLabel = "SECTION",
            description = "Only these sections (comma-separated, e.g. threading,queues); default: all of them.")
    List<String> sections = List.of();

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
            description = "The parakit source tree, holding exercises/ (default: ${DEFAULT-VALUE}).")
    Path root;

    @Override
    public Integer call() {
        try {
            Exporter.Result r = new Exporter().export(root, target, sections);
            System.out.println("exported " + r.sections().size() + " section(s) (" + String.join(", ", r.sections())
                    + "), " + r.files().size() + " files, into " + target.toAbsolutePath().normalize());
            System.out.println("next: cd " + target + " && git init && git add -A && git commit -m 'parakit practical'"
                    + " && mvn test");
            return 0;
        } catch (Exporter.ExportException e) {
            throw new UserException(e.getMessage());
        }
    }
}
