package parakit.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tables that {@code parakit.profiling.Profiler.profile} prints (the format its {@code Report.table()}
 * documents), so that tests check the figures rather than the text. Used by the public and hidden tests of the
 * profiling question and by the questions that print timings with it.
 */
public final class ProfileTables {

    /** One section line: name, calls, wall time in ms. */
    public record Section(String name, long calls, double wallMillis) {
    }

    /**
     * One table. A CPU figure printed as {@code n/a} is empty.
     *
     * @param sections by name, in the order they were printed
     */
    public record Table(String label, double wallMillis, OptionalDouble threadCpuMillis,
            OptionalDouble processCpuMillis, Map<String, Section> sections) {

        /** The section of that name; fails naming the sections there are if it is missing. */
        public Section section(String name) {
            Section s = sections.get(name);
            if (s == null) {
                throw new AssertionError("the table of profile '" + label + "' has no section '" + name
                        + "'; its sections: " + sections.keySet());
            }
            return s;
        }
    }

    private static final Pattern HEAD = Pattern.compile("^profile '(.*)'$");
    private static final Pattern FIGURE = Pattern.compile("^  (wall time|cpu, calling thread|cpu, whole process)\\s+"
            + "(\\d+\\.\\d{3}|n/a) ms$");
    private static final Pattern SECTION_HEAD = Pattern.compile("^  section\\s+calls\\s+wall ms$");
    private static final Pattern SECTION = Pattern.compile("^  (.+?)\\s+(\\d+)\\s+(\\d+\\.\\d{3})$");

    private ProfileTables() {
    }

    /**
     * Every table in {@code output}, in order. Lines outside tables (the program's own output) are skipped.
     *
     * @throws AssertionError if a table is cut short or a line inside one does not follow the format
     */
    public static List<Table> parse(String output) {
        List<Table> tables = new ArrayList<>();
        String[] lines = output.split("\\R", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher head = HEAD.matcher(lines[i]);
            if (!head.matches()) {
                i++;
                continue;
            }
            String label = head.group(1);
            double[] wall = new double[1];
            OptionalDouble[] cpu = new OptionalDouble[2];
            String[] names = {"wall time", "cpu, calling thread", "cpu, whole process"};
            for (int k = 0; k < 3; k++) {
                String line = ++i < lines.length ? lines[i] : "";
                Matcher m = FIGURE.matcher(line);
                if (!m.matches() || !m.group(1).equals(names[k])) {
                    throw new AssertionError("table of profile '" + label + "': expected the line '" + names[k]
                            + "' with a time in ms (three decimals) or n/a, found: '" + line + "'");
                }
                OptionalDouble value = m.group(2).equals("n/a") ? OptionalDouble.empty()
                        : OptionalDouble.of(Double.parseDouble(m.group(2)));
                if (k == 0) {
                    if (value.isEmpty()) {
                        throw new AssertionError("table of profile '" + label + "': wall time is n/a");
                    }
                    wall[0] = value.getAsDouble();
                } else {
                    cpu[k - 1] = value;
                }
            }
            String header = ++i < lines.length ? lines[i] : "";
            if (!SECTION_HEAD.matcher(header).matches()) {
                throw new AssertionError("table of profile '" + label + "': expected the section header, found: '"
                        + header + "'");
            }
            Map<String, Section> sections = new LinkedHashMap<>();
            i++;
            while (i < lines.length && lines[i].startsWith("  ")) {
                Matcher m = SECTION.matcher(lines[i]);
                if (!m.matches()) {
                    throw new AssertionError("table of profile '" + label + "': not a section line: '" + lines[i] + "'");
                }
                String name = m.group(1).trim();
                if (sections.containsKey(name)) {
                    throw new AssertionError("table of profile '" + label + "' lists section '" + name + "' twice");
                }
                sections.put(name, new Section(name, Long.parseLong(m.group(2)), Double.parseDouble(m.group(3))));
                i++;
            }
            tables.add(new Table(label, wall[0], cpu[0], cpu[1], sections));
        }
        return tables;
    }

    /** The one table in {@code output}; fails saying how many there were otherwise. */
    public static Table single(String output) {
        List<Table> all = parse(output);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one profile table to be printed, found " + all.size()
                    + " in:\n" + output);
        }
        return all.get(0);
    }
}
