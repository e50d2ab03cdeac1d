package parakit.threading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Q2. Naming threads. A name makes a thread recognisable in logs, thread dumps and debuggers; a thread can
 * read its own with {@code Thread.currentThread().getName()}.
 *
 * <p>The practical asks what name a thread gets when none is given. This class answers it in code:
 * {@link #defaultPlatformNamePattern()} and {@link #defaultVirtualName()} are checked against real threads.
 */
public final class ThreadNames {

    private ThreadNames() {
    }

    /**
     * Starts {@code count} platform threads named {@code prefix-0}, {@code prefix-1}, ...; each calls
     * {@code body.accept(name)} with the name it reads from {@code Thread.currentThread()} when it runs.
     * Every thread has its name before it starts, so the body never sees another name.
     *
     * @return the started threads, in order
     */
    public static List<Thread> startNamed(String prefix, int count, Consumer<String> body) {
        // TODO ThreadNames.startNamed: Start count platform threads named prefix + "-" + i (i from 0), naming each before it starts
        //   (Thread.ofPlatform().name(...) or new Thread(runnable, name)). Each thread's body reads its own name
        //   with Thread.currentThread().getName() and passes it to body.accept. Return the threads in order.
        throw new UnsupportedOperationException("TODO ThreadNames.startNamed");
    }

    /**
     * A regular expression that the whole default name of every platform thread created without a name
     * matches, and that no other name format matches (for example not {@code "Thread"}, {@code "thread-1"}
     * or {@code "Thread-"}). Find it out by experiment: create a few threads without a name and print theirs.
     */
    public static String defaultPlatformNamePattern() {
        // TODO ThreadNames.defaultPlatformNamePattern: Return a regex for the name the JDK gives an unnamed platform thread (new Thread(runnable)). Create
        //   a few such threads and look at getName() to find the pattern; it must match any number of digits.
        throw new UnsupportedOperationException("TODO ThreadNames.defaultPlatformNamePattern");
    }

    /** The name of a virtual thread created without one ({@code Thread.ofVirtual().unstarted(r)}). */
    public static String defaultVirtualName() {
        // TODO ThreadNames.defaultVirtualName: Return the name an unnamed virtual thread has. Find it out by experiment, as above.
        throw new UnsupportedOperationException("TODO ThreadNames.defaultVirtualName");
    }
}
