package nexus.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body that may not exceed a limit: reading a byte beyond it throws the exception {@code tooLarge}
 * makes (the 413 answer), so a handler that streams a body to disk never takes more than the route allows.
 */
final class LimitedInputStream extends FilterInputStream {
    private final Supplier<ApiException> tooLarge;
    private long left;

    LimitedInputStream(InputStream in, long limit, Supplier<ApiException> tooLarge) {
        super(in);
        this.left = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // one byte more than is left tells a body that ends exactly at the limit from one that goes beyond
        int n = in.read(b, off, (int) Math.min(len, left + 1));
        if (n > left) {
            throw tooLarge.get();
        }
        if (n > 0) {
            left -= n;
        }
        return n;
    }
}
