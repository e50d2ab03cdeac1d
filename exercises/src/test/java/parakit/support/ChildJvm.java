package parakit.support;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a child JVM that runs the {@code main} of a class, with the same JDK and the same classes as this
 * one: the Java counterpart of Python's {@code Process(target=...)} for tests.
 *
 * <p>Two ways, chosen by where {@code main} came from:
 * <ul>
 *   <li>from the class path (plain {@code mvn test} on a student's machine): {@code java -cp <this JVM's class
 *       path> <main> args};</li>
 *   <li>from an {@link InMemoryClassLoader} (the grader's test JVMs, whose tests and classes under test are
 *       not on any class path): the child runs this class's own {@link #main}, which first reads the classes
 *       of {@code main}'s package (the classes under test and the test's own) from its standard input, defines
 *       them the same way, then calls {@code main}. Standard input after that header is the program's.</li>
 * </ul>
 * The child's output is the caller's to read or discard. The caller must end the process (destroy it, or wait
 * for it): a test that leaves a child running is one that leaks it.
 */
public final class ChildJvm {

    /** Marks the start of the class header on the child's standard input. */
    private static final int MAGIC = 0x50414B31; // "PAK1"

    private ChildJvm() {
    }

    /**
     * Starts {@code java [jvmOptions] main args} in a child process.
     *
     * @param builder how to start it (output redirection, working folder); its command is replaced
     */
    public static Process start(ProcessBuilder builder, Class<?> main, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        Map<String, byte[]> classes = Map.of();
        if (main.getClassLoader() instanceof InMemoryClassLoader memory) {
            classes = memory.bytesInPackage(main.getPackageName());
            command.add(ChildJvm.class.getName());
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        Process process = builder.command(command).start();
        if (!classes.isEmpty()) {
            OutputStream stdin = process.getOutputStream();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stdin));
            out.writeInt(MAGIC);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
            out.flush();
        }
        return process;
    }

    /** The {@code java} launcher of the JDK this JVM runs on. */
    public static String javaLauncher() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /**
     * The child's side: {@code args[0]} is the class to run, the rest its arguments; its classes arrive on
     * standard input (see {@link #start}).
     */
    public static void main(String[] args) throws Exception {
        InputStream stdin = System.in;
        DataInputStream in = new DataInputStream(stdin);
        if (in.readInt() != MAGIC) {
            throw new IllegalStateException("ChildJvm: standard input does not start with the class header");
        }
        int n = in.readInt();
        Map<String, byte[]> classes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            classes.put(name, bytes);
        }
        ClassLoader loader = new InMemoryClassLoader(new LinkedHashMap<>(classes), ChildJvm.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> target = Class.forName(args[0], true, loader);
        Method main = target.getDeclaredMethod("main", String[].class);
        main.setAccessible(true);
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        main.invoke(null, (Object) rest);
    }
}
