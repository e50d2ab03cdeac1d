package parakit.grader.policy;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import parakit.grader.question.Question;

/**
 * The static policy: rules checked on the student's class files (with ArchUnit) before any test runs.
 *
 * <p>General rules, for every question. Each closes a way for untrusted code to escape grading:
 * <ul>
 *   <li>no {@code System.exit}, {@code Runtime.exit/halt}: ending the test JVM would hide results (the run
 *       stage survives it anyway, but the student deserves to know why);</li>
 *   <li>no reflection, method handles, class loaders, {@code sun.misc}/{@code jdk.internal} or
 *       {@code java.lang.management}: they could read the harness's private result token or patch the tests;</li>
 *   <li>no processes ({@code ProcessBuilder}, {@code Runtime.exec}) in sections that are not about processes:
 *       a child process can outlive the test JVM;</li>
 *   <li>every class in its question's package {@code parakit.<section>}: a class in {@code org.junit} or
 *       {@code parakit.grader} could shadow the grader's own.</li>
 * </ul>
 * Per question: the {@code @Requires}/{@code @Forbids} rules of its hidden test class, so that the primitive
 * the question teaches is really used.
 *
 * <p>A violation fails the question that owns the class (by source file), with the rule and the place.
 */
public final class Policy {

    private static final List<String> FORBIDDEN_PACKAGES = List.of(
            "java.lang.reflect", "java.lang.invoke.MethodHandles", "java.lang.invoke.MethodHandle",
            "java.lang.invoke.VarHandle", "sun.", "com.sun.", "jdk.internal", "java.lang.management", "javax.management");

    /** Sections whose questions are about processes and may start them. */
    private static final Set<String> PROCESS_SECTIONS = Set.of("subprocess", "signal", "multiprocessing", "slurm");

    /** Result: question id to violation messages; questions absent from the map passed. */
    public record PolicyResult(Map<String, List<String>> violations, Duration duration) {
        public boolean passed(Question q) {
            return !violations.containsKey(q.id());
        }
    }

    public PolicyResult check(Path classesDir, List<Question> questions) {
        long start = System.nanoTime();
        JavaClasses classes = new ClassFileImporter().importPath(classesDir);
        Map<String, Question> byFile = new LinkedHashMap<>();
        for (Question q : questions) {
            for (String src : q.sources()) {
                byFile.putIfAbsent(src.substring(src.lastIndexOf('/') + 1), q);
            }
        }
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (JavaClass c : classes) {
            Optional<String> file = c.getSource().flatMap(s -> s.getFileName());
            Question q = file.map(byFile::get).orElse(null);
            if (q == null) {
                continue; // not a class of a question we grade here
            }
            Set<String> v = found.computeIfAbsent(q.id(), k -> new LinkedHashSet<>());
            checkGeneral(c, q, v);
        }
        for (Question q : questions) {
            for (Question.Rule rule : q.rules()) {
                checkRule(classes, q, rule, found);
            }
        }
        Map<String, List<String>> violations = new LinkedHashMap<>();
        found.forEach((id, v) -> {
            if (!v.isEmpty()) {
                violations.put(id, List.copyOf(v));
            }
        });
        return new PolicyResult(violations, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void checkGeneral(JavaClass c, Question q, Set<String> v) {
        if (!c.getPackageName().equals(q.javaPackage())) {
            v.add("rule 'package': " + c.getName() + " is declared in package '" + c.getPackageName()
                    + "'; fix: declare 'package " + q.javaPackage() + ";' as the skeleton does");
        }
        for (JavaAccess<?> access : accesses(c)) {
            AccessTarget target = access.getTarget();
            String owner = target.getOwner().getName();
            String name = target.getName();
            String where = place(access);
            if ((owner.equals("java.lang.System") && name.equals("exit"))
                    || (owner.equals("java.lang.Runtime") && (name.equals("exit") || name.equals("halt")))) {
                v.add("rule 'no exit': " + where + " calls " + simple(owner) + "." + name
                        + ": the grader runs your code inside its test JVM; return or throw instead");
            } else if (!PROCESS_SECTIONS.contains(q.section())
                    && ((owner.equals("java.lang.Runtime") && name.equals("exec")) || owner.equals("java.lang.ProcessBuilder"))) {
                v.add("rule 'no processes': " + where + " starts a process (" + simple(owner) + "." + name
                        + "); this section is about threads, so use threads");
            } else if (owner.equals("java.lang.Class") && isReflective(name)) {
                v.add("rule 'no reflection': " + where + " calls Class." + name + "; call your classes directly");
            } else if (owner.equals("java.lang.ClassLoader") || owner.startsWith("java.lang.ClassLoader")) {
                v.add("rule 'no class loaders': " + where + " uses ClassLoader." + name);
            }
        }
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getName();
            for (String p : FORBIDDEN_PACKAGES) {
                if (target.startsWith(p)) {
                    v.add("rule 'no reflection or JVM internals': " + c.getSimpleName() + " uses " + target
                            + " (" + d.getSourceCodeLocation() + "); these APIs could tamper with grading");
                    break;
                }
            }
        }
    }

    private static boolean isReflective(String name) {
        return name.equals("forName") || name.startsWith("getDeclared") || name.equals("getMethod")
                || name.equals("getMethods") || name.equals("getField") || name.equals("getFields")
                || name.equals("getConstructor") || name.equals("getConstructors") || name.equals("newInstance")
                || name.equals("getClassLoader");
    }

    private static void checkRule(JavaClasses classes, Question q, Question.Rule rule, Map<String, Set<String>> found) {
        Set<String> v = found.computeIfAbsent(q.id(), k -> new LinkedHashSet<>());
        String className = q.javaPackage() + "." + rule.in().split("\\.")[0];
        String method = rule.in().contains(".") ? rule.in().substring(rule.in().indexOf('.') + 1) : null;
        if (!classes.contain(className)) {
            if (rule.kind() == Question.Rule.Kind.REQUIRE) {
                v.add("rule 'uses " + simple(rule.typeName()) + "." + rule.method() + "': class " + rule.in()
                        + " not found; fix: keep the class from the skeleton");
            }
            return;
        }
        List<JavaAccess<?>> inScope = new ArrayList<>();
        boolean methodExists = method == null;
        for (JavaClass c : classes) {
            boolean outer = c.getName().equals(className);
            if (!outer && !c.getName().startsWith(className + "$")) {
                continue;
            }
            for (JavaCodeUnit unit : c.getCodeUnits()) {
                boolean inMethod = method == null
                        || (outer && (unit.getName().equals(method) || unit.getName().startsWith("lambda$" + method + "$")))
                        || (!outer && ownedByMethod(c, method));
                if (outer && unit.getName().equals(method)) {
                    methodExists = true;
                }
                if (inMethod) {
                    inScope.addAll(accessesOf(unit));
                }
            }
        }
        if (!methodExists) {
            v.add("rule 'uses " + simple(rule.typeName()) + "." + rule.method() + "': method " + rule.in()
                    + " not found; fix: keep the method from the skeleton");
            return;
        }
        List<JavaAccess<?>> matching = inScope.stream().filter(a -> matches(a, rule)).toList();
        boolean stub = inScope.stream().anyMatch(a -> a.getTarget().getOwner().getName()
                .equals(UnsupportedOperationException.class.getName()));
        if (rule.kind() == Question.Rule.Kind.REQUIRE && matching.isEmpty() && stub) {
            v.add("not implemented yet: " + rule.in() + " still throws the skeleton's UnsupportedOperationException"
                    + " (when done, it must satisfy: " + rule.why() + ")");
        } else if (rule.kind() == Question.Rule.Kind.REQUIRE && matching.isEmpty()) {
            v.add("rule 'uses " + simple(rule.typeName()) + "." + rule.method() + "': " + rule.why()
                    + " (no such call found in " + rule.in() + ")");
        } else if (rule.kind() == Question.Rule.Kind.FORBID && !matching.isEmpty()) {
            v.add("rule 'does not use " + simple(rule.typeName()) + "." + rule.method() + "': " + rule.why()
                    + " (" + place(matching.get(0)) + " calls " + simple(matching.get(0).getTarget().getOwner().getName())
                    + "." + matching.get(0).getTarget().getName() + ")");
        }
    }

    /** Anonymous or local classes declared inside {@code method} of {@code className}. */
    private static boolean ownedByMethod(JavaClass c, String method) {
        return c.getEnclosingCodeUnit().map(u -> u.getName().equals(method)).orElse(false);
    }

    private static boolean matches(JavaAccess<?> access, Question.Rule rule) {
        AccessTarget t = access.getTarget();
        boolean name = rule.method().equals("*") || t.getName().equals(rule.method());
        return name && t.getOwner().isAssignableTo(rule.typeName());
    }

    private static List<JavaAccess<?>> accesses(JavaClass c) {
        List<JavaAccess<?>> all = new ArrayList<>();
        for (JavaCodeUnit unit : c.getCodeUnits()) {
            all.addAll(accessesOf(unit));
        }
        return all;
    }

    private static List<JavaAccess<?>> accessesOf(JavaCodeUnit unit) {
        List<JavaAccess<?>> all = new ArrayList<>();
        all.addAll(unit.getMethodCallsFromSelf());
        all.addAll(unit.getConstructorCallsFromSelf());
        all.addAll(unit.getMethodReferencesFromSelf());
        all.addAll(unit.getConstructorReferencesFromSelf());
        return all;
    }

    private static String place(JavaAccess<?> access) {
        JavaCodeUnit origin = access.getOrigin();
        return origin.getOwner().getSimpleName() + "." + origin.getName() + " (line " + access.getLineNumber() + ")";
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
