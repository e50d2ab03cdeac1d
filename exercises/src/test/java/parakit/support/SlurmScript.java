package parakit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slurm batch script read the way {@code sbatch} reads it, without a cluster: its {@code #SBATCH} directives
 * (only those before the first command count), its time-limit format, and the words its command lines pass to
 * {@code srun} (found by running the script with {@code sh}, {@code srun} being a function that records them).
 * For the cluster questions' tests, public and hidden.
 */
public final class SlurmScript {

    private final List<String> lines;

    private SlurmScript(String text) {
        this.lines = List.of(text.split("\n", -1));
    }

    /** The script of {@code text}. */
    public static SlurmScript of(String text) {
        return new SlurmScript(text);
    }

    /** The script's first line. */
    public String firstLine() {
        return lines.getFirst();
    }

    private static boolean isCommand(String line) {
        String t = line.strip();
        return !t.isEmpty() && !t.startsWith("#");
    }

    private static boolean isDirective(String line) {
        return line.startsWith("#SBATCH") && (line.length() == 7 || Character.isWhitespace(line.charAt(7)));
    }

    /** The directive lines that sbatch reads: those before the first command line. */
    public List<String> directives() {
        List<String> d = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (isCommand(line)) {
                break;
            }
            if (isDirective(line)) {
                d.add(line);
            }
        }
        return d;
    }

    /** Directive lines after the first command line: sbatch ignores them. */
    public List<String> ignoredDirectives() {
        List<String> ignored = new ArrayList<>();
        boolean commandSeen = false;
        for (String line : lines.subList(1, lines.size())) {
            commandSeen |= isCommand(line);
            if (commandSeen && isDirective(line)) {
                ignored.add(line);
            }
        }
        return ignored;
    }

    /** The command lines (neither blank nor comments), stripped. */
    public List<String> commands() {
        return lines.stream().filter(SlurmScript::isCommand).map(String::strip).toList();
    }

    /**
     * Every value given to option {@code -s} / {@code --name} in the directives sbatch reads, in order: forms
     * {@code -s V}, {@code -sV}, {@code --name=V} and {@code --name V}. A word starting with {@code #} ends a line.
     */
    public List<String> option(char shortName, String longName) {
        List<String> values = new ArrayList<>();
        for (String line : directives()) {
            List<String> words = new ArrayList<>();
            for (String w : line.substring(7).strip().split("\\s+")) {
                if (w.startsWith("#")) {
                    break;
                }
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String next = i + 1 < words.size() ? words.get(i + 1) : null;
                if (w.equals("-" + shortName) || w.equals("--" + longName)) {
                    values.add(next == null ? "" : next);
                    i++;
                } else if (w.startsWith("--" + longName + "=")) {
                    values.add(w.substring(longName.length() + 3));
                } else if (w.startsWith("-" + shortName) && !w.startsWith("--")) {
                    values.add(w.substring(2));
                }
            }
        }
        return values;
    }

    private static final Pattern TIME = Pattern.compile(
            "(?:(\\d+)-(\\d+)(?::(\\d+)(?::(\\d+))?)?)|(?:(\\d+)(?::(\\d+)(?::(\\d+))?)?)");

    /**
     * The wall-clock limit {@code value} stands for in sbatch's {@code --time} formats ("minutes",
     * "minutes:seconds", "hours:minutes:seconds", "days-hours", "days-hours:minutes",
     * "days-hours:minutes:seconds"), or {@code null} if it is none of them.
     */
    public static Duration timeLimit(String value) {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) != null) {
            return Duration.ofDays(Long.parseLong(m.group(1))).plusHours(Long.parseLong(m.group(2)))
                    .plusMinutes(m.group(3) == null ? 0 : Long.parseLong(m.group(3)))
                    .plusSeconds(m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
        }
        long a = Long.parseLong(m.group(5));
        if (m.group(6) == null) {
            return Duration.ofMinutes(a);
        }
        long b = Long.parseLong(m.group(6));
        if (m.group(7) == null) {
            return Duration.ofMinutes(a).plusSeconds(b);
        }
        return Duration.ofHours(a).plusMinutes(b).plusSeconds(Long.parseLong(m.group(7)));
    }

    /**
     * Runs the script's text with {@code sh} in {@code dir}, {@code srun} being a shell function that records its
     * arguments (nothing else of Slurm is there), and returns the words of each srun call, one list per call.
     */
    public static List<List<String>> srunCalls(String text, Path dir) throws IOException, InterruptedException {
        Path script = Files.writeString(dir.resolve("script.sh"), text, StandardCharsets.UTF_8);
        Path calls = dir.resolve("srun-calls");
        Files.deleteIfExists(calls);
        String wrapper = "srun() { printf '\\001CALL\\0' >> \"$SRUN_CALLS\"; for w in \"$@\"; do printf '%s\\0' \"$w\" "
                + ">> \"$SRUN_CALLS\"; done; }; . \"$1\"";
        ProcessBuilder b = new ProcessBuilder("sh", "-c", wrapper, "sh", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sh-output").toFile());
        b.environment().put("SRUN_CALLS", calls.toString());
        Process p = b.start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            throw new AssertionError("sh did not run the script within 10 s");
        }
        List<List<String>> result = new ArrayList<>();
        if (!Files.exists(calls)) {
            return result;
        }
        String[] words = Files.readString(calls, StandardCharsets.UTF_8).split("\0", -1);
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("\u0001CALL")) {
                result.add(new ArrayList<>());
            } else {
                result.getLast().add(words[i]);
            }
        }
        return result;
    }
}
