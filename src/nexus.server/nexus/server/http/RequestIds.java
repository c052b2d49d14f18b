package nexus.server.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids, {@code req-} and 20 base32 characters like every Nexus id. They only need to be unique enough to
 * find a request in the log, not unguessable, so they come from the per-thread random generator instead of the
 * shared SecureRandom every other id uses (which would be one more lock on every request).
 */
final class RequestIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private RequestIds() {}

    static String next() {
        char[] out = new char[24];
        out[0] = 'r';
        out[1] = 'e';
        out[2] = 'q';
        out[3] = '-';
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long bits = r.nextLong();
        for (int i = 0; i < 20; i++) {
            if (i == 12) {
                bits = r.nextLong();
            }
            out[4 + i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }
}
