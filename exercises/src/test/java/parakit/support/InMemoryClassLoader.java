package parakit.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defines classes from bytes held in memory and serves no resources of its own.
 *
 * <p>Why: the grader hands the classes under test and its hidden tests to a test JVM through a pipe, not
 * through a class path folder. Code that runs in that JVM then cannot list them, read their bytes back
 * ({@code getResourceAsStream} finds nothing), or swap a class file on disk after the grader checked it: the
 * bytes the JVM runs are the bytes the grader checked. Classes it defines are looked up here first, so they
 * share one runtime package per Java package (tests may use package-private members), and everything else
 * comes from the parent (the JDK, JUnit, AssertJ, the grader's support classes).
 *
 * <p>Thread-safe: the map is fixed at construction; {@link ClassLoader} serialises definitions per class name.
 */
public final class InMemoryClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    /**
     * @param classes binary class name ({@code parakit.threading.Counter$1}) to class file bytes; copied
     * @param parent  where every other class comes from
     */
    public InMemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super("parakit-graded", parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = classes.get(name);
                c = defineClass(name, b, 0, b.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        throw new ClassNotFoundException(name);
    }

    /**
     * The bytes of {@code top} and of its nested and local classes ({@code top$...}), if this loader holds
     * them; empty otherwise. For starting a child JVM that runs one of these classes ({@link ChildJvm}).
     */
    Map<String, byte[]> bytesOf(String top) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> {
            if (name.equals(top) || name.startsWith(top + "$")) {
                found.put(name, bytes);
            }
        });
        return found;
    }

    /** Every class this loader holds whose package is {@code packageName}. */
    Map<String, byte[]> bytesInPackage(String packageName) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> {
            if (name.lastIndexOf('.') == packageName.length() && name.startsWith(packageName + ".")) {
                found.put(name, bytes);
            }
        });
        return found;
    }
}
