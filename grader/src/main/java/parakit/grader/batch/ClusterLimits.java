package parakit.grader.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Slurm site lets one user submit, as far as it says: the largest array ({@code MaxArraySize} of
 * {@code scontrol show config}: indexes 0 to MaxArraySize - 1), the user's limit on queued jobs (the association's
 * {@code MaxSubmitJobs} where {@code sacctmgr} answers; every array task counts as a job), and how many of the
 * user's jobs are queued already. A batch packs several submissions into one array task when it would otherwise
 * go over ({@link #plan}).
 *
 * @param maxArraySize the site's MaxArraySize (Slurm's default is 1001)
 * @param maxSubmit    the user's MaxSubmitJobs, or -1 when unknown or unlimited
 * @param queued       the user's array tasks and jobs in the queue now
 */
public record ClusterLimits(int maxArraySize, int maxSubmit, int queued) {

    /** Slurm's default MaxArraySize, taken when {@code scontrol} does not say. */
    public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    /** The limits of a site whose commands said nothing (or could not run). */
    public static final ClusterLimits UNKNOWN = new ClusterLimits(DEFAULT_MAX_ARRAY_SIZE, -1, 0);

    /** The batch cannot be submitted within the limits; the message says which and what to do. */
    public static final class OverLimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverLimitException(String message) {
            super(message);
        }
    }

    /**
     * Reads the limits from the commands' output.
     *
     * @param config  lines of {@code scontrol show config}
     * @param assoc   lines of {@code sacctmgr -nP show assoc where user=U format=MaxSubmit} (empty if it failed)
     * @param squeued lines of {@code squeue -h -r -u U -o %i}, one per queued job or array task
     */
    public static ClusterLimits parse(List<String> config, List<String> assoc, List<String> squeued) {
        int array = DEFAULT_MAX_ARRAY_SIZE;
        Pattern p = Pattern.compile("^\\s*MaxArraySize\\s*=\\s*(\\d+)\\s*$");
        for (String l : config) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                array = Integer.parseInt(m.group(1));
            }
        }
        int submit = -1;
        for (String l : assoc) {
            for (String cell : l.split("\\|")) {
                if (cell.strip().matches("\\d+")) {
                    int v = Integer.parseInt(cell.strip());
                    submit = submit < 0 ? v : Math.min(submit, v);
                }
            }
        }
        int queued = (int) squeued.stream().filter(l -> l.strip().matches("\\d+(_\\d+)?")).count();
        return new ClusterLimits(Math.max(1, array), submit, queued);
    }

    /**
     * How many submissions each array task of each part grades, so that every array fits MaxArraySize and all the
     * batch's array tasks, plus its aggregation job, fit what the user may still queue. A part's packing never goes
     * below what it asks for ({@code minimum}: the dedicated part packs several by design).
     *
     * @param sizes   submissions per part, in submission order
     * @param minimum the packing each part asks for at least
     * @return per part, the submissions per array task
     * @throws OverLimitException when even one array task per part does not fit the user's remaining quota
     */
    public Map<String, Integer> plan(Map<String, Integer> sizes, Map<String, Integer> minimum) {
        Map<String, Integer> per = new LinkedHashMap<>();
        int parts = (int) sizes.values().stream().filter(n -> n > 0).count();
        int room = maxSubmit < 0 ? Integer.MAX_VALUE : maxSubmit - queued - 1; // 1: the aggregation job
        if (room < parts) {
            throw new OverLimitException("the queue has room for " + Math.max(0, room) + " more job(s) of yours (MaxSubmitJobs "
                    + maxSubmit + ", " + queued + " queued), and this batch needs at least " + (parts + 1)
                    + "; fix: wait for your queued jobs to end, or cancel some (squeue -u $USER)");
        }
        // Share the room between the parts in proportion to their size, each at least one task and at most an array.
        int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            int n = e.getValue();
            int least = Math.max(1, minimum.getOrDefault(e.getKey(), 1));
            if (n == 0) {
                per.put(e.getKey(), least);
                continue;
            }
            long share = room == Integer.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) room * n / Math.max(1, total));
            long tasks = Math.min(Math.min(share, maxArraySize), n);
            int p = (int) Math.max(least, (n + tasks - 1) / tasks);
            per.put(e.getKey(), p);
        }
        return per;
    }
}
