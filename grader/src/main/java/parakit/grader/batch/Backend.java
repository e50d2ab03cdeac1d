package parakit.grader.batch;

import java.util.List;

/**
 * Where the gradings of a batch run. Implementations: {@link LocalBackend} (a bounded pool of grader
 * processes on this machine). A backend reports through {@link Listener}; the batch reads only the result
 * files, so every backend yields the same gradebook.
 */
public interface Backend {

    /** Runs every task, calling the listener as tasks start and end; returns when all have ended. */
    void run(List<Task> tasks, Listener listener) throws InterruptedException;

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
