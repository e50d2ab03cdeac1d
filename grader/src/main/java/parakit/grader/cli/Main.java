package parakit.grader.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./parakit} and of {@code java -jar parakit-grader.jar}. */
@Command(name = "parakit", mixinStandardHelpOptions = true, version = "parakit 1.0.0",
        description = "Grades parallel-programming exercises in Java, and keeps their skeletons in step with the solutions.",
        subcommands = {GradeCommand.class, BatchCommand.class, GradeTasksCommand.class, QuestionsCommand.class, GenerateCommand.class,
                ExportCommand.class, CollectCommand.class, PublishCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 grading (or the command) ran, whatever the score; 1 bad input; 2 usage error; 3 internal error."})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests: never calls System.exit). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UserException user) {
                        cmd.getErr().println("parakit: " + user.getMessage());
                        return 1;
                    }
                    cmd.getErr().println("parakit: internal error: " + e);
                    e.printStackTrace(cmd.getErr());
                    return 3;
                })
                .execute(args);
    }
}
