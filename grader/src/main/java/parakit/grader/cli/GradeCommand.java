package parakit.grader.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code parakit grade}: placeholder until the pipeline lands in the next commit. */
@Command(name = "grade", mixinStandardHelpOptions = true, description = "Grades a submission (being built).")
final class GradeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("grade is not available yet in this build");
    }
}
