package parakit.grader.question;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import parakit.grader.api.Allows;
import parakit.grader.api.Forbids;
import parakit.support.Hint;
import parakit.grader.api.Points;
import parakit.grader.api.Requires;

/**
 * All questions the grader knows, found by their {@code @Question}-annotated hidden test classes on the
 * grader's own class path.
 *
 * <p>Test classes are read from their class files (with ArchUnit's importer), never loaded: they are
 * compiled against the reference solutions, which are not on the grader's class path.
 *
 * <p>Invariants (checked when the catalog is built): ids are unique; numbers are unique per section;
 * a question has at least one test; every test class is named after the question's stem.
 */
public final class Catalog {

    private static final String QUESTION = parakit.grader.api.Question.class.getName();
    private static final String TEST = "org.junit.jupiter.api.Test";

    private final Map<String, Question> byId;

    private Catalog(Map<String, Question> byId) {
        this.byId = byId;
    }

    /** Scans the packages {@code parakit.*} outside {@code parakit.grader} on the class path of this class. */
    public static Catalog load() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/parakit/grader/"))
                .importPackages("parakit");
        return from(classes);
    }

    static Catalog from(JavaClasses classes) {
        List<Question> found = new ArrayList<>();
        for (JavaClass hidden : classes) {
            if (!hidden.isAnnotatedWith(QUESTION)) {
                continue;
            }
            found.add(describe(hidden, classes));
        }
        found.sort(Comparator.comparing(Question::section).thenComparingInt(Question::number));
        Map<String, Question> byId = new LinkedHashMap<>();
        Map<String, String> numbers = new LinkedHashMap<>();
        for (Question q : found) {
            if (byId.put(q.id(), q) != null) {
                throw new IllegalStateException("two hidden test classes grade question " + q.id());
            }
            String key = q.section() + "#" + q.number();
            String other = numbers.put(key, q.id());
            if (other != null) {
                throw new IllegalStateException(q.id() + " and " + other + " both claim number " + q.number()
                        + " in section " + q.section());
            }
        }
        return new Catalog(byId);
    }

    private static Question describe(JavaClass hidden, JavaClasses all) {
        String name = hidden.getSimpleName();
        if (!name.endsWith("HiddenTest")) {
            throw new IllegalStateException(hidden.getName() + " has @Question but is not named <Stem>HiddenTest");
        }
        String stem = name.substring(0, name.length() - "HiddenTest".length());
        JavaAnnotation<JavaClass> q = hidden.getAnnotationOfType(QUESTION);
        String section = (String) q.get("section").orElseThrow();
        if (!hidden.getPackageName().equals("parakit." + section)) {
            throw new IllegalStateException(hidden.getName() + " says section '" + section
                    + "' but is in package " + hidden.getPackageName());
        }
        int number = (Integer) q.get("number").orElseThrow();
        String title = (String) q.get("title").orElseThrow();
        List<String> sources = new ArrayList<>();
        for (Object s : (Object[]) q.get("sources").orElse(new Object[0])) {
            sources.add("parakit/" + section + "/" + s);
        }
        if (sources.isEmpty()) {
            sources.add("parakit/" + section + "/" + stem + ".java");
        }
        List<String> jvmArgs = new ArrayList<>();
        for (Object a : (Object[]) q.get("jvmArgs").orElse(new Object[0])) {
            jvmArgs.add((String) a);
        }
        int timeout = (Integer) q.get("timeoutSeconds").orElse(10);

        List<Question.TestSpec> tests = new ArrayList<>();
        String publicName = hidden.getPackageName() + "." + stem + "Test";
        if (all.contain(publicName)) {
            tests.addAll(testsOf(all.get(publicName), Question.Visibility.PUBLIC));
        }
        tests.addAll(testsOf(hidden, Question.Visibility.HIDDEN));
        if (tests.isEmpty()) {
            throw new IllegalStateException(hidden.getName() + " has no @Test methods");
        }
        List<Question.Rule> rules = new ArrayList<>();
        rules.addAll(rules(hidden, Requires.class.getName(), Requires.List.class.getName(), Question.Rule.Kind.REQUIRE));
        rules.addAll(rules(hidden, Forbids.class.getName(), Forbids.List.class.getName(), Question.Rule.Kind.FORBID));
        rules.addAll(allows(hidden));
        boolean dedicated = (Boolean) q.get("dedicatedCores").orElse(false);
        String needs = (String) q.get("needs").orElse("");
        return new Question(section + "." + stem, section, stem, number, title, sources, jvmArgs, timeout, tests, rules,
                dedicated, needs);
    }

    private static List<Question.TestSpec> testsOf(JavaClass testClass, Question.Visibility visibility) {
        List<JavaMethod> methods = new ArrayList<>(testClass.getMethods());
        // Source order: class files keep declaration order of methods; ArchUnit returns a set, so sort by line.
        methods.sort(Comparator.comparingInt(m -> m.getSourceCodeLocation().getLineNumber()));
        List<Question.TestSpec> tests = new ArrayList<>();
        for (JavaMethod m : methods) {
            if (!m.isAnnotatedWith(TEST)) {
                continue;
            }
            int points = m.tryGetAnnotationOfType(Points.class.getName())
                    .map(a -> (Integer) a.get("value").orElseThrow()).orElse(1);
            tests.add(new Question.TestSpec(testClass.getName(), m.getName(), visibility, points, hints(m)));
        }
        return tests;
    }

    /** The method's {@code @Hint}s, single or repeated, in source order. */
    private static List<Question.HintSpec> hints(JavaMethod m) {
        List<Question.HintSpec> hints = new ArrayList<>();
        for (JavaAnnotation<?> a : repeated(m, Hint.class.getName(), Hint.List.class.getName())) {
            Object[] kinds = (Object[]) a.get("on").orElse(new Object[] {
                    Hint.Failure.ASSERTION.name(), Hint.Failure.TIMEOUT.name()});
            java.util.Set<Question.Failure> on = new java.util.HashSet<>();
            for (Object k : kinds) {
                String name = k instanceof com.tngtech.archunit.core.domain.JavaEnumConstant c ? c.name() : k.toString();
                on.add(Question.Failure.valueOf(name));
            }
            hints.add(new Question.HintSpec((String) a.get("value").orElseThrow(), (String) a.get("when").orElse(""), on));
        }
        return hints;
    }

    private static List<Question.Rule> rules(JavaClass hidden, String single, String container, Question.Rule.Kind kind) {
        List<Question.Rule> rules = new ArrayList<>();
        for (JavaAnnotation<?> a : repeated(hidden, single, container)) {
            JavaClass type = (JavaClass) a.get("type").orElseThrow();
            rules.add(new Question.Rule(kind, type.getName(), (String) a.get("method").orElseThrow(),
                    (String) a.get("in").orElseThrow(), (String) a.get("why").orElseThrow()));
        }
        return rules;
    }

    /** The class's {@code @Allows}, one ALLOW rule per pattern. */
    private static List<Question.Rule> allows(JavaClass hidden) {
        List<Question.Rule> rules = new ArrayList<>();
        for (JavaAnnotation<?> a : repeated(hidden, Allows.class.getName(), Allows.List.class.getName())) {
            for (Object pattern : (Object[]) a.get("value").orElseThrow()) {
                rules.add(new Question.Rule(Question.Rule.Kind.ALLOW, (String) pattern, "*", "*",
                        (String) a.get("why").orElseThrow()));
            }
        }
        return rules;
    }

    /** The annotations of a repeatable type on {@code owner}, written once or several times (in its container). */
    private static List<JavaAnnotation<?>> repeated(com.tngtech.archunit.core.domain.properties.HasAnnotations<?> owner,
                                                    String single, String container) {
        List<JavaAnnotation<?>> found = new ArrayList<>();
        owner.tryGetAnnotationOfType(single).ifPresent(found::add);
        owner.tryGetAnnotationOfType(container).ifPresent(list -> {
            for (Object a : (Object[]) list.get("value").orElseThrow()) {
                found.add((JavaAnnotation<?>) a);
            }
        });
        return found;
    }

    /** All questions, by section and number. */
    public List<Question> questions() {
        return List.copyOf(byId.values());
    }

    public Optional<Question> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
