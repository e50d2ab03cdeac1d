package parakit.grader.batch;

import java.io.PrintStream;

/**
 * Progress of a batch: on a terminal, one line rewritten in place (done / running / queued / failed,
 * elapsed, estimated time left); elsewhere (CI logs, files), one plain line per finished grading.
 */
final class Progress {

    private final int total;
    private final PrintStream out;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private final long begin = System.nanoTime();
    private int running;
    private int done;
    private int failed;

    Progress(int total, PrintStream out, boolean quiet) {
        this.total = total;
        this.out = out;
        this.quiet = quiet;
    }

    synchronized void started() {
        running++;
        show(null);
    }

    synchronized void finished(String student, String failure) {
        running--;
        done++;
        if (failure != null) {
            failed++;
        }
        show(terminal ? null : student + (failure == null ? " graded" : " FAILED: " + failure));
    }

    synchronized void done() {
        if (terminal && !quiet && total > 0) {
            out.println();
        }
    }

    private void show(String plainLine) {
        if (quiet) {
            return;
        }
        long secs = (System.nanoTime() - begin) / 1_000_000_000L;
        String eta = done == 0 ? "?" : (secs * (total - done) / done) + " s";
        String line = String.format("%d/%d done, %d running, %d queued, %d failed, %d s elapsed, about %s left",
                done, total, running, total - done - running, failed, secs, eta);
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (plainLine != null) {
            out.println(plainLine + " (" + line + ")");
        }
    }
}
