package parakit.grader.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child's output on its own thread, keeping only the first {@value #HEAD} and last {@value #TAIL}
 * bytes. Draining matters: a child that fills the pipe would block; keeping only the ends matters: a
 * student may print gigabytes.
 */
final class BoundedOutput extends Thread {

    static final int HEAD = 16 * 1024;
    static final int TAIL = 8 * 1024;

    private final InputStream in;
    private final byte[] head = new byte[HEAD];
    private final byte[] tail = new byte[TAIL];
    private int headLen;
    private long total;

    BoundedOutput(InputStream in) {
        super("parakit-output-drain");
        this.in = in;
        setDaemon(true);
    }

    @Override
    public void run() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        if (total < HEAD) {
                            head[headLen++] = buf[i];
                        } else {
                            tail[(int) ((total - HEAD) % TAIL)] = buf[i];
                        }
                        total++;
                    }
                }
            }
        } catch (IOException e) {
            // The child is gone: keep what was read.
        }
    }

    synchronized long total() {
        return total;
    }

    /** The kept text, with a marker where bytes were dropped. */
    synchronized String text() {
        StringBuilder b = new StringBuilder(new String(head, 0, headLen, StandardCharsets.UTF_8));
        if (total > HEAD) {
            long tailLen = Math.min(TAIL, total - HEAD);
            if (total > HEAD + TAIL) {
                b.append("\n[... ").append(total - HEAD - TAIL).append(" bytes dropped ...]\n");
            }
            byte[] t = new byte[(int) tailLen];
            long start = total - tailLen;
            for (int i = 0; i < tailLen; i++) {
                t[i] = tail[(int) ((start - HEAD + i) % TAIL)];
            }
            b.append(new String(t, StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
