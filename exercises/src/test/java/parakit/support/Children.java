package parakit.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The child processes of this JVM, for the subprocess questions' tests (public and hidden): which ones a call
 * started and left running, and a bounded way to call code that may hang on a pipe.
 *
 * <p>A test takes a {@link #snapshot()} before it calls the code under test, asks {@link #leftRunning} after it,
 * and ends with {@link #killNew}, so that no process outlives the test whatever the code did.
 */
public final class Children {

    private Children() {
    }

    /**
     * Makes a named pipe (a FIFO) at {@code path} with the {@code mkfifo} program. A program that opens it for
     * reading ({@code cat FIFO}) blocks until someone opens it for writing: a test holds a command running, for
     * as long as it likes, without sleeping.
     */
    public static java.nio.file.Path fifo(java.nio.file.Path path) throws java.io.IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!mkfifo.waitFor(5, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            mkfifo.destroyForcibly();
            throw new java.io.IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    /**
     * The name prefix of the virtual-thread scheduler's threads ("ForkJoinPool-1-": its carriers, its delay
     * scheduler), found from a
     * virtual thread's own description ({@code VirtualThread[#22]/runnable@ForkJoinPool-1-worker-1}). The
     * scheduler adds carriers while virtual threads block on pipes; those are the JDK's, not a leak.
     */
    public static String carrierThreadPrefix() throws InterruptedException {
        String[] seen = new String[1];
        Thread.ofVirtual().start(() -> seen[0] = Thread.currentThread().toString()).join();
        String d = seen[0];
        int at = d.indexOf('@');
        int worker = d.indexOf("-worker-", at);
        return at < 0 || worker < 0 ? "\0no carrier" : d.substring(at + 1, worker + 1);
    }

    /**
     * {@code threads} (descriptions as {@code ThreadLeaks} gives them, "name (daemon?, state)") without the JDK's
     * own threads that virtual threads blocking on pipes bring up: the scheduler's carriers, its delay scheduler and the
     * "VirtualThread-unblocker". Those are not a leak of the code under test.
     */
    public static List<String> withoutVirtualThreadMachinery(List<String> threads) throws InterruptedException {
        String carriers = carrierThreadPrefix();
        return threads.stream().filter(t -> !t.startsWith(carriers) && !t.startsWith("VirtualThread-unblocker"))
                .toList();
    }

    /** The process ids of every live descendant of this JVM now. */
    public static Set<Long> snapshot() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** The live descendants of this JVM that were not in {@code before}. */
    public static List<ProcessHandle> started(Set<Long> before) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> !before.contains(p.pid())).toList();
    }

    /**
     * The descendants started since {@code before} that are still alive after waiting up to {@code grace} for them
     * to end, each described as "pid command".
     */
    public static List<String> leftRunning(Set<Long> before, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> alive = started(before);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            alive = started(before);
        }
        return alive.stream().map(Children::describe).toList();
    }

    /** "pid command" of a process, with its arguments when the OS tells them. */
    public static String describe(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        String command = info.commandLine().orElse(info.command().orElse("?"));
        return p.pid() + " " + (command.length() <= 120 ? command : command.substring(0, 117) + "...");
    }

    /**
     * A command for failure messages: in full ({@code [ls, -l]}) when it has three elements or fewer, else its
     * first two elements and how many more ({@code [a, b] and 3 more arguments} for five elements).
     */
    public static String shown(List<String> command) {
        return command.size() <= 3 ? command.toString()
                : command.subList(0, 2) + " and " + (command.size() - 2) + " more arguments";
    }

    /** The program's file name of a process ("cat" for /usr/bin/cat), or "" when the OS does not tell. */
    public static String programName(ProcessHandle p) {
        String command = p.info().command().orElse("");
        return command.substring(command.lastIndexOf('/') + 1);
    }

    /** Kills every descendant started since {@code before} (forcibly) and waits a little for them to end. */
    public static void killNew(Set<Long> before) {
        List<ProcessHandle> alive = new ArrayList<>(started(before));
        alive.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : alive) {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // nothing more to do: it was killed
            }
        }
    }

    /**
     * Waits up to {@code limit} for {@code call}, a call of the code under test that the test started on a thread
     * of its own, and returns its result. What the call threw is thrown again: an {@link Exception} as it is, an
     * {@link Error} (a failed assertion included) wrapped in an {@link AssertionError}. Unlike {@link #within},
     * nothing is killed when time runs out.
     *
     * @throws AssertionError if the call has not completed in time, saying {@code what} did not return
     */
    public static <T> T result(CompletableFuture<T> call, Duration limit, String what) throws Exception {
        try {
            return call.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return within " + limit.toMillis() + " ms");
        }
    }

    /**
     * Calls {@code call} on a helper thread and gives it {@code limit}: the code under test may block on a pipe
     * for ever (a deadlock of a full pipe buffer), and a test must fail fast then, not at its time limit. When
     * the call does not return in time, every descendant started since {@code before} is killed (which ends the
     * blocked read or write), the helper thread is interrupted and waited for, and an {@link AssertionError}
     * saying {@code what} did not return is thrown.
     *
     * @return what {@code call} returned
     * @throws Exception what {@code call} threw
     */
    public static <T> T within(Duration limit, Set<Long> before, String what, Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread helper = Thread.ofPlatform().name("subprocess-call").daemon(true).start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            StringBuilder running = new StringBuilder();
            for (ProcessHandle p : started(before)) {
                running.append("; ").append(describe(p));
            }
            killNew(before);
            helper.interrupt();
            helper.join(2_000);
            throw new AssertionError(what + " did not return within " + limit.toMillis() + " ms"
                    + (running.isEmpty() ? "" : " (children still running: " + running.substring(2) + ")"));
        }
    }
}
