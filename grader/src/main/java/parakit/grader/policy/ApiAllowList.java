package parakit.grader.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which JDK APIs a question's classes may use: an allow-list, so that a route nobody thought of (a management
 * bean, a service loader, a native library, a file the student should not read) is refused because nobody
 * allowed it, not allowed because nobody forbade it.
 *
 * <p>Every question may use the basics: {@code java.lang} (but not the parts that reach outside the program:
 * {@code System} and {@code Runtime} beyond their clocks, output and processor count, {@code Class} beyond names
 * and casts, class loaders, modules, processes, reflection, method handles, instrumentation, management, the
 * foreign-function API), {@code java.util} with its concurrency, function and stream packages (but not service
 * loaders, jars, zips, preferences or logging, which reach files and code), {@code java.time}, {@code java.math},
 * {@code java.text}, and of {@code java.io} the types that print and carry exceptions (no files, no file
 * descriptors, no print streams opened on a file name). A question widens the list with
 * {@link parakit.grader.api.Allows} (for example the subprocess questions allow {@code ProcessBuilder}).
 *
 * <p>Patterns: {@code a.b.C} (a type with every member; nested types of it too), {@code a.b.C#m} (one member:
 * a type that has member patterns allows only those), {@code a.b.*} (every type of package {@code a.b}),
 * {@code a.b.**} (and its subpackages). A pattern that starts with {@code !} forbids, and a forbidding pattern
 * wins over an allowing one.
 */
public final class ApiAllowList {

    /** The basics every question may use. */
    static final List<String> BASICS = List.of(
            "java.lang.*", "java.lang.runtime.*", "java.lang.ref.*",
            "!java.lang.System", "java.lang.System#currentTimeMillis", "java.lang.System#nanoTime",
            "java.lang.System#arraycopy", "java.lang.System#identityHashCode", "java.lang.System#lineSeparator",
            "java.lang.System#out", "java.lang.System#err", "java.lang.System#getProperty",
            "!java.lang.Runtime", "java.lang.Runtime#getRuntime", "java.lang.Runtime#availableProcessors",
            "java.lang.Runtime#totalMemory", "java.lang.Runtime#freeMemory", "java.lang.Runtime#maxMemory",
            "java.lang.Runtime#version", "java.lang.Runtime$Version",
            "!java.lang.Class", "java.lang.Class#getName", "java.lang.Class#getSimpleName",
            "java.lang.Class#getTypeName", "java.lang.Class#isInstance", "java.lang.Class#cast",
            "java.lang.Class#desiredAssertionStatus", "java.lang.Class#isArray", "java.lang.Class#getComponentType",
            "java.lang.Class#toString", "java.lang.Class#hashCode", "java.lang.Class#equals",
            "!java.lang.Thread#setDefaultUncaughtExceptionHandler", "!java.lang.Thread#getContextClassLoader",
            "!java.lang.Thread#setContextClassLoader",
            "!java.lang.ClassLoader", "!java.lang.Module", "!java.lang.ModuleLayer", "!java.lang.Package",
            "!java.lang.Process", "!java.lang.ProcessBuilder", "!java.lang.ProcessHandle", "!java.lang.SecurityManager",
            "!java.lang.StackWalker", "!java.lang.ClassValue", "!java.lang.Compiler",
            "java.util.*", "java.util.concurrent.**", "java.util.function.*", "java.util.stream.*",
            "java.util.regex.*", "java.util.random.*",
            "!java.util.ServiceLoader", "!java.util.Formatter#<init>", "!java.util.Scanner#<init>",
            "!java.util.ResourceBundle", "!java.util.PropertyResourceBundle", "!java.util.Properties#load",
            "!java.util.Properties#store", "!java.util.Properties#loadFromXML", "!java.util.Properties#storeToXML",
            "java.time.**", "java.math.*", "java.text.*",
            "java.io.Serializable", "java.io.IOException", "java.io.UncheckedIOException",
            "java.io.InterruptedIOException", "java.io.Closeable", "java.io.Flushable",
            "java.io.PrintStream", "!java.io.PrintStream#<init>", "java.io.PrintWriter", "!java.io.PrintWriter#<init>",
            "java.io.StringWriter", "java.io.StringReader", "java.io.Writer", "java.io.Reader",
            "java.io.ByteArrayOutputStream", "java.io.ByteArrayInputStream",
            "java.nio.charset.StandardCharsets", "java.nio.charset.Charset");

    /** Why a well-known route is refused: said in the violation, so the student learns the reason too. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("java.lang.System#exit", "the grader runs your code inside its test JVM; return or throw instead"),
            Map.entry("java.lang.Runtime#exit", "the grader runs your code inside its test JVM; return or throw instead"),
            Map.entry("java.lang.Runtime#halt", "the grader runs your code inside its test JVM; return or throw instead"),
            Map.entry("java.lang.Runtime#exec", "this question is not about processes, so use threads"),
            Map.entry("java.lang.ProcessBuilder", "this question is not about processes, so use threads"),
            Map.entry("java.lang.Class", "no reflection: call your classes directly"),
            Map.entry("java.lang.reflect", "no reflection: call your classes directly"),
            Map.entry("java.lang.invoke", "no method handles: call your classes directly"),
            Map.entry("java.lang.ClassLoader", "no class loaders: the grader loads your classes"),
            Map.entry("java.io.File", "this question does not read or write files"),
            Map.entry("java.nio.file", "this question does not read or write files"),
            Map.entry("java.lang.management", "no JVM management interfaces: they could tamper with grading"),
            Map.entry("sun.", "no JVM internals: they could tamper with grading"),
            Map.entry("jdk.", "no JVM internals: they could tamper with grading"));

    private final List<String> patterns;

    private ApiAllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The basics, widened by a question's {@code @Allows} patterns. */
    public static ApiAllowList basicsAnd(List<String> extra) {
        List<String> all = new ArrayList<>(BASICS);
        for (String p : extra) {
            // An explicit allow of a question beats a forbidding basic of the same pattern (e.g. ProcessBuilder).
            all.remove("!" + p);
            all.add(p);
        }
        return new ApiAllowList(all);
    }

    /** Whether code may refer to type {@code type} at all (a field, parameter, catch, cast, superclass). */
    public boolean allowsType(String type) {
        String t = strip(type);
        if (jvmBasic(t)) {
            return true;
        }
        boolean allowed = false;
        for (String p : patterns) {
            boolean deny = p.startsWith("!");
            String q = deny ? p.substring(1) : p;
            if (q.contains("#")) {
                // A member pattern makes the type itself nameable (you need the type to call the member).
                if (!deny && q.substring(0, q.indexOf('#')).equals(t)) {
                    allowed = true;
                }
                continue;
            }
            if (typeMatches(q, t)) {
                if (deny) {
                    return hasAllowedMember(t);
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** Whether code may use member {@code member} ({@code <init>} for a constructor) of {@code type}. */
    public boolean allowsMember(String type, String member) {
        String t = strip(type);
        if (jvmBasic(t)) {
            return true;
        }
        String full = t + "#" + member;
        if (patterns.contains("!" + full)) {
            return false;
        }
        if (patterns.contains(full)) {
            return true;
        }
        for (String p : patterns) {
            if (p.startsWith("!") && !p.contains("#") && typeMatches(p.substring(1), t)) {
                return false;
            }
        }
        for (String p : patterns) {
            if (!p.startsWith("!") && !p.contains("#") && typeMatches(p, t)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code type} or {@code type#member} is refused, for the violation message. */
    public static String reason(String type, String member) {
        String t = strip(type);
        return Optional.ofNullable(REASONS.get(t + "#" + member)).or(() -> Optional.ofNullable(REASONS.get(t)))
                .or(() -> REASONS.entrySet().stream().filter(e -> t.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst())
                .orElse("not among the APIs this question allows (the lesson's primitives and java.lang/java.util "
                        + "basics; see the lesson)");
    }

    private boolean hasAllowedMember(String t) {
        return patterns.stream().anyMatch(p -> !p.startsWith("!") && p.startsWith(t + "#"));
    }

    private static boolean typeMatches(String pattern, String type) {
        if (pattern.endsWith(".**")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 2);
            return type.startsWith(pkg + ".") && type.indexOf('.', pkg.length() + 1) < 0;
        }
        return type.equals(pattern) || type.startsWith(pattern + "$");
    }

    /** Primitives and their arrays, and {@code Object}: the language itself. */
    private static boolean jvmBasic(String t) {
        return !t.contains(".") || t.equals("java.lang.Object");
    }

    private static String strip(String type) {
        String t = type;
        while (t.endsWith("[]")) {
            t = t.substring(0, t.length() - 2);
        }
        return t;
    }
}
