package nexus.server.auth;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * An SSH public key line ({@code ssh-ed25519 AAAA… comment}) parsed and checked: the type is one Nexus accepts
 * (ed25519, ECDSA P-256/384/521, RSA of at least 2048 bits, and their FIDO security-key variants), the base64 blob
 * decodes to a well-formed key of that same type, and the fingerprint is {@code SHA256:<base64>} exactly as
 * {@code ssh-keygen -lf} prints it.
 */
public record SshPublicKey(String type, String base64, String comment, String fingerprint, int bits) {
    public static final int MAX_LINE = 16 * 1024;
    public static final int MIN_RSA_BITS = 2048;

    /** ECDSA curve → (bits, encoded point length). */
    private static final Map<String, int[]> CURVES = Map.of(
            "nistp256", new int[] {256, 65},
            "nistp384", new int[] {384, 97},
            "nistp521", new int[] {521, 133});

    /** "type base64", the key without its comment. */
    public String publicKey() {
        return type + " " + base64;
    }

    /**
     * Parses one authorized_keys-style line.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and how to get a good key
     */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("the SSH public key is empty; send the contents of ~/.ssh/id_ed25519.pub");
        }
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("the SSH public key is " + line.length() + " characters long; the limit is " + MAX_LINE);
        }
        String trimmed = line.strip();
        if (trimmed.contains("\n") || trimmed.contains("\r")) {
            throw new IllegalArgumentException("send one SSH public key (a single line), not several");
        }
        if (trimmed.startsWith("-----BEGIN")) {
            throw new IllegalArgumentException("that is a PEM key; send the OpenSSH public key line (the .pub file, "
                    + "e.g. ssh-keygen -y -f KEY prints it) — never a private key");
        }
        String[] parts = trimmed.split("[ \t]+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("an SSH public key line looks like \"ssh-ed25519 AAAA… comment\"; "
                    + "send the contents of your .pub file");
        }
        String type = parts[0];
        checkType(type);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key data of the " + type + " key is not valid base64; copy the whole .pub line again");
        }
        String comment = parts.length == 3 ? parts[2].strip() : null;
        if (comment != null && comment.isEmpty()) {
            comment = null;
        }
        if (comment != null && comment.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("the key comment contains control characters");
        }
        int bits = checkBlob(type, blob);
        return new SshPublicKey(type, parts[1], comment, fingerprint(blob), bits);
    }

    private static void checkType(String type) {
        switch (type) {
            case "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                 "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com" -> { }
            case "ssh-dss" -> throw new IllegalArgumentException(
                    "DSA keys are not accepted (OpenSSH disabled them as insecure); create an ed25519 key: ssh-keygen -t ed25519");
            default -> {
                if (type.startsWith("ssh-") || type.startsWith("ecdsa-") || type.startsWith("sk-")) {
                    throw new IllegalArgumentException("SSH key type " + nexus.core.id.Names.printable(type)
                            + " is not accepted; use ed25519 (ssh-keygen -t ed25519), ECDSA or RSA of at least 2048 bits");
                }
                throw new IllegalArgumentException("this is not an SSH public key line (it should start with ssh-ed25519, "
                        + "ecdsa-sha2-… or ssh-rsa); send the contents of your .pub file");
            }
        }
    }

    /** Reads the blob as the type says and returns the key size in bits. */
    private static int checkBlob(String type, byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        try {
            String inner = new String(string(b), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) {
                throw new IllegalArgumentException("the key data says " + nexus.core.id.Names.printable(inner)
                        + " but the line says " + type + "; copy the .pub line unchanged");
            }
            int bits = switch (type) {
                case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> {
                    if (string(b).length != 32) {
                        throw new IllegalArgumentException("the ed25519 key data has the wrong length");
                    }
                    yield 256;
                }
                case "ssh-rsa" -> {
                    BigInteger e = new BigInteger(string(b));
                    BigInteger n = new BigInteger(string(b));
                    if (e.signum() <= 0 || n.signum() <= 0) {
                        throw new IllegalArgumentException("the RSA key data is malformed");
                    }
                    if (n.bitLength() < MIN_RSA_BITS) {
                        throw new IllegalArgumentException("the RSA key has " + n.bitLength() + " bits; at least "
                                + MIN_RSA_BITS + " are required (better: ssh-keygen -t ed25519)");
                    }
                    yield n.bitLength();
                }
                default -> {
                    String curve = new String(string(b), StandardCharsets.US_ASCII);
                    int[] spec = CURVES.get(curve);
                    if (spec == null || !type.contains(curve)) {
                        throw new IllegalArgumentException("the ECDSA key names curve " + nexus.core.id.Names.printable(curve)
                                + " which does not match its type " + type);
                    }
                    byte[] point = string(b);
                    if (point.length != spec[1] || point[0] != 4) {
                        throw new IllegalArgumentException("the ECDSA key point is malformed");
                    }
                    yield spec[0];
                }
            };
            if (type.startsWith("sk-")) {
                string(b); // the FIDO application ("ssh:")
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("the " + type + " key data has trailing bytes; copy the .pub line unchanged");
            }
            return bits;
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("the " + type + " key data is truncated; copy the whole .pub line again");
        }
    }

    /** An SSH wire-format string: uint32 length + bytes. */
    private static byte[] string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        byte[] out = new byte[len];
        b.get(out);
        return out;
    }

    /** {@code SHA256:} + unpadded base64 of the SHA-256 of the key blob, as OpenSSH prints it. */
    static String fingerprint(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
