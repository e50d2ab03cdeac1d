package parakit.cluster;

import java.util.List;

/**
 * Q1. A batch job on a Slurm cluster: the script that {@code sbatch} queues, the Java edition's counterpart of
 * the practical's "Running interactively on Cartesius". The script asks the scheduler for resources in its
 * {@code #SBATCH} lines and then runs a program of this kit on what it got, through {@code srun}.
 *
 * <p>Write the script to a file and submit it from the kit's folder, for example:
 * <pre>
 *     java -cp target/classes parakit.cluster.BatchScript normal parakit.multiprocessing.ProcessQueue\$Producer 5 10 &gt; job.sbatch
 *     sbatch job.sbatch
 * </pre>
 */
public final class BatchScript {

    private BatchScript() {
    }

    /** The wall-clock time the job asks for, in minutes. */
    public static final int MINUTES = 10;

    /**
     * The batch script of a job that runs {@code command} on {@code nodes} nodes of {@code partition}. Its lines,
     * each ended by {@code \n}:
     * <ol>
     *   <li>first, the interpreter line {@code #!/bin/sh};</li>
     *   <li>then, before any command, the directives, lines that start with {@code #SBATCH }: one that asks for
     *       {@code nodes} nodes, one that asks for partition {@code partition}, and one that asks for a
     *       wall-clock limit of {@link #MINUTES} minutes, written in one of the forms {@code sbatch} reads as that
     *       time (the short options {@code -N}, {@code -p}, {@code -t} or the long ones, each asked once);</li>
     *   <li>then one command line, {@code srun} followed by the words of {@code command}, each quoted for
     *       {@code sh} so that the shell passes it on as one word, unchanged, whatever it holds (spaces, quotes,
     *       {@code $}, backslashes, an empty word).</li>
     * </ol>
     * Blank lines and comments (lines that start with {@code #} but not {@code #SBATCH}) may come anywhere; the
     * script runs no other command.
     *
     * @param nodes     how many nodes the job asks for (srun starts the command once on each)
     * @param partition the partition (queue) to run in: a name without white space
     * @param command   the program and its arguments, one word each
     * @return the script's text
     * @throws IllegalArgumentException if {@code nodes < 1}, {@code partition} is empty or holds white space, or
     *                                  {@code command} is empty
     */
    public static String script(int nodes, String partition, List<String> command) {
        // TODO BatchScript.script: Check the arguments; then build the script from this template (fill in every TODO):
        //     #!/bin/sh
        //     #SBATCH TODO: how many nodes
        //     #SBATCH TODO: which partition
        //     #SBATCH TODO: how long (MINUTES minutes)
        //     srun TODO: the command, one shell word per element
        throw new UnsupportedOperationException("TODO BatchScript.script");
    }

    /**
     * Prints the script of a one-node job in partition {@code args[0]} that runs the kit's class {@code args[1]}
     * with the arguments after it, with this JVM's {@code java} and class path.
     */
    public static void main(String[] args) {
        String java = System.getProperty("java.home") + "/bin/java";
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args).subList(1, args.length));
        System.out.print(script(1, args[0], command));
    }
}
