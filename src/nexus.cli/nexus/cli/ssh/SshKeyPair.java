package nexus.cli.ssh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A user key: the private key file, its {@code .pub}, the public line ("ssh-ed25519 AAAA… comment") and its
 * SHA256 fingerprint exactly as {@code ssh-keygen -l} prints it ("SHA256:…", unpadded base64).
 */
public record SshKeyPair(Path privateKey, Path publicKey, String publicLine, String fingerprint) {

    public String type() {
        return publicLine.split("\\s+")[0];
    }

    /** "type base64" without the comment: what GitHub and the server compare. */
    public String keyOnly() {
        String[] parts = publicLine.strip().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    public static SshKeyPair of(Path privateKey, Path publicKey, String publicLine) {
        return new SshKeyPair(privateKey, publicKey, publicLine.strip(), fingerprint(publicLine));
    }

    /** The SHA256 fingerprint of a public key line; IllegalArgumentException when it is not one. */
    public static String fingerprint(String publicLine) {
        String[] parts = publicLine.strip().split("\\s+");
        if (parts.length < 2 || !parts[0].matches("(ssh|ecdsa|sk)-[a-z0-9@.-]+")) {
            throw new IllegalArgumentException("not an SSH public key line");
        }
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.US_ASCII));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key data of the public key line is not base64", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
