package parakit.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {

    @Test
    void shortOutputIsKeptWhole() throws InterruptedException {
        BoundedOutput out = drain(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(out.text()).isEqualTo("hello\n");
        assertThat(out.total()).isEqualTo(6);
    }

    @Test
    void floodKeepsHeadAndTailAndCountsEverything() throws InterruptedException {
        long size = 64L * 1024 * 1024;
        BoundedOutput out = drain(new Flood(size));
        assertThat(out.total()).isEqualTo(size);
        String text = out.text();
        assertThat(text.length()).as("kept characters").isLessThan(BoundedOutput.HEAD + BoundedOutput.TAIL + 200);
        assertThat(text).startsWith("a").endsWith("z").contains("dropped");
    }

    private static BoundedOutput drain(InputStream in) throws InterruptedException {
        BoundedOutput out = new BoundedOutput(in);
        out.start();
        out.join(30_000);
        assertThat(out.isAlive()).as("drain finished").isFalse();
        return out;
    }

    /** 'a' first, 'z' last, dots between, without holding it all in memory. */
    private static final class Flood extends InputStream {
        private final long size;
        private long pos;

        Flood(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (pos >= size) {
                return -1;
            }
            long p = pos++;
            return p == 0 ? 'a' : p == size - 1 ? 'z' : '.';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }
}
