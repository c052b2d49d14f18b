package nexus.core.id;

import java.security.SecureRandom;

/**
 * Random, URL-safe identifiers with a type prefix: {@code ws-…}, {@code user-…}, {@code node-…}, {@code upl-…},
 * {@code req-…}.
 * The random part is 20 characters of lowercase base32 (100 bits), so ids are unguessable and never collide.
 */
public final class Ids {
    public static final String WORKSPACE = "ws";
    public static final String USER = "user";
    public static final String NODE = "node";
    public static final String UPLOAD = "upl";
    public static final String REQUEST = "req";

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int RANDOM_CHARS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId(String prefix) {
        char[] out = new char[RANDOM_CHARS];
        byte[] bytes = new byte[RANDOM_CHARS];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            out[i] = ALPHABET[bytes[i] & 31];
        }
        return prefix + "-" + new String(out);
    }

    /** True when {@code text} has the shape of an id with this prefix. */
    public static boolean isId(String prefix, String text) {
        if (text == null || text.length() != prefix.length() + 1 + RANDOM_CHARS || !text.startsWith(prefix)
                || text.charAt(prefix.length()) != '-') {
            return false;
        }
        // Checked by hand, not with a regex: the server checks an id on every request.
        for (int i = prefix.length() + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }
}
