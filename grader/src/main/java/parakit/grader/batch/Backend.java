package parakit.grader.batch;

import java.util.List;

/**
 * Where the gradings of a batch run. Implementations: {@link LocalBackend} (a bounded pool of grader
 * processes on this machine) and {@link SlurmBackend} (job arrays on a cluster). A backend reports through
 * {@link Listener}; the batch reads only the result files, so every backend yields the same gradebook.
 *
 * <p>Every backend must run the tasks with {@link Task#dedicatedCores()} where no other grading shares their
 * cores while they run.
 */
public interface Backend {

    /**
     * Options of every grader JVM a backend starts (the {@code grade-tasks} worker), on any backend. C1 only
     * ({@code -XX:TieredStopAtLevel=1}): a grader JVM runs seconds, mostly waiting for test JVMs, and C2's
     * compiler threads would take CPU from the gradings beside it. The test JVMs choose their own options.
     */
    List<String> GRADER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /**
     * Runs every task, calling the listener as tasks start and end.
     *
     * @return true when every task has ended (each was reported to {@link Listener#finished}); false when the
     *         backend only handed the tasks over to run later (Slurm's {@code --detach}): then their results
     *         arrive without this process, and whoever collects them writes the gradebook
     */
    boolean run(List<Task> tasks, Listener listener) throws InterruptedException;

    /** A short name for reports: {@code local}, {@code slurm}. */
    String name();

    /** Progress of the tasks of one {@link #run}. Called from any thread. */
    interface Listener {
        void started(Task task);

        /**
         * @param failure null when the result file is there; otherwise why it is not (time limit, crash)
         */
        void finished(Task task, String failure);
    }
}
