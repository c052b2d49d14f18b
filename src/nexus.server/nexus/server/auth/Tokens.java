package nexus.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secret tokens: 256 random bits, base64url, behind a scope prefix ({@code nxu_…}, 47 characters). Only their
 * SHA-256 is stored; the plain token is shown once.
 */
public final class Tokens {
    /** Prefix of single-use invite tokens (not an API scope: they only prove identity at registration). */
    public static final String INVITE_PREFIX = "nxi_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 43;

    private Tokens() {}

    public static String mint(Scope scope) {
        return mint(scope.prefix());
    }

    public static String mint(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token as 64 lowercase hex digits — what the database stores and looks up. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    static byte[] digest(String token) {
        try {
            // Cloning a prototype skips the provider lookup of getInstance, which every request would pay.
            MessageDigest sha256 = (MessageDigest) SHA256.clone();
            return sha256.digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this Java runtime's SHA-256 cannot be cloned", e);
        }
    }

    private static final MessageDigest SHA256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** True when {@code text} has the shape of a token with this prefix (checked before any lookup). */
    public static boolean looksLike(String prefix, String text) {
        if (text == null || text.length() != prefix.length() + RANDOM_CHARS || !text.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Compares two stored hashes in time independent of where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
