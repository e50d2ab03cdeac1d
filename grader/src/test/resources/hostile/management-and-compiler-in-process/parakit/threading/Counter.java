package parakit.threading;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Hostile (forge the score with JVM tools): asks the platform MBean server for a heap dump (the result key is in
 * the heap) and for an agent (to redefine the tests), then for the in-process Java compiler (to compile a class
 * that writes records). None of these modules is in a test JVM, so each attempt throws; the counter counts nothing.
 */
public final class Counter {
    public Counter(long start) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] {"heap.hprof", true}, new String[] {"java.lang.String", "boolean"});
        } catch (Throwable e) {
            System.out.println("heap dump refused: " + e);
        }
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "jvmtiAgentLoad", new Object[] {new String[] {"agent.jar"}}, new String[] {String[].class.getName()});
        } catch (Throwable e) {
            System.out.println("agent refused: " + e);
        }
        try {
            Object javac = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
            System.out.println("compiler: " + javac);
        } catch (Throwable e) {
            System.out.println("compiler refused: " + e);
        }
    }

    public void increment() {
    }

    public long value() {
        return -1;
    }
}
