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
 *   <li>every class in its question's package {@code parakit.<section>}: a class in {@code org.junit} or
 *       {@code parakit.grader} could shadow the grader's own;</li>
 *   <li>no other parakit package: the grader's classes and other questions' are not the student's to call;</li>
 *   <li>only allowed JDK APIs ({@link ApiAllowList}): the basics of {@code java.lang}/{@code java.util} and the
 *       question's own {@code @Allows}. An allow-list, not a deny-list, so that a route nobody thought of
 *       (management beans, service loaders, native libraries, files, class loaders, reflection, processes) is
 *       refused by default. Checked on every type the code names (fields, parameters, casts, catches,
 *       superclasses) and on every member it calls or reads, lambdas and nested classes included.</li>
 * </ul>
 * Per question: the {@code @Requires}/{@code @Forbids} rules of its hidden test class, so that the primitive
 * the question teaches is really used.
 *
 * <p>A violation fails the question that owns the class (by source file), with the rule and the place.
 */
public final class Policy {

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
                if (rule.kind() == Question.Rule.Kind.ALLOW) {
                    continue; // widens the allow-list of checkGeneral
                }
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
        ApiAllowList allowed = ApiAllowList.basicsAnd(q.rules().stream()
                .filter(r -> r.kind() == Question.Rule.Kind.ALLOW).map(Question.Rule::typeName).toList());
        for (JavaAccess<?> access : accesses(c)) {
            AccessTarget target = access.getTarget();
            String owner = target.resolveMember().map(m -> typeName(m.getOwner())).orElse(typeName(target.getOwner()));
            String name = target.getName();
            if (own(owner, q)) {
                continue;
            }
            if (owner.startsWith("parakit.")) {
                v.add("rule 'own classes only': " + place(access) + " uses " + owner + "." + name
                        + ": a question's code uses the JDK and the classes of its own package only");
            } else if (!allowed.allowsMember(owner, name)) {
                v.add("rule 'allowed APIs': " + place(access) + " uses " + display(owner) + "."
                        + (name.equals("<init>") ? "<init> (a constructor)" : name) + ": "
                        + ApiAllowList.reason(owner, name));
            }
        }
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String target = typeName(d.getTargetClass());
            if (own(target, q) || target.startsWith("parakit.")) {
                continue; // parakit targets are reported as accesses above, or are the student's own
            }
            if (!allowed.allowsType(target)) {
                v.add("rule 'allowed APIs': " + describe(c) + " uses the type " + display(target) + " "
                        + d.getSourceCodeLocation() + ": " + ApiAllowList.reason(target, ""));
            }
        }
    }

    /** The class an array type is made of ({@code [Lfoo/Bar;} is {@code foo.Bar}); any other class itself. */
    private static String typeName(JavaClass c) {
        return c.getBaseComponentType().getName();
    }

    private static boolean own(String className, Question q) {
        return className.startsWith(q.javaPackage() + ".") && className.indexOf('.', q.javaPackage().length() + 1) < 0;
    }

    private static String display(String className) {
        return className.replace('$', '.');
    }

    /** A class as a student knows it: {@code Counter}, {@code Counter (an anonymous class in it)}. */
    private static String describe(JavaClass c) {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        int dollar = name.indexOf('$');
        if (dollar < 0) {
            return name;
        }
        String outer = name.substring(0, dollar);
        return c.isAnonymousClass() ? "an anonymous class in " + outer : name.replace('$', '.');
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
        all.addAll(unit.getFieldAccesses());
        return all;
    }

    /** Where an access is, as the student wrote it: {@code Counter.increment (a lambda in it, line 12)}. */
    private static String place(JavaAccess<?> access) {
        JavaCodeUnit origin = access.getOrigin();
        String method = origin.getName();
        String lambda = "";
        if (method.startsWith("lambda$")) {
            String[] parts = method.split("\\$");
            method = parts.length > 1 ? parts[1] : method;
            lambda = "a lambda in it, ";
        } else if (method.equals("<init>")) {
            method = "<init> (constructor)";
        } else if (method.equals("<clinit>")) {
            method = "<clinit> (static initializer)";
        }
        return describe(origin.getOwner()) + "." + method + " (" + lambda + "line " + access.getLineNumber() + ")";
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
