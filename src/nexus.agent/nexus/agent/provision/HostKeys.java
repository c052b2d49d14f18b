package nexus.agent.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A workspace's SSH host public keys as {@code "<type> <base64>"} (known_hosts form without the host) and their
 * OpenSSH SHA256 fingerprints, as the server reports them for the CLI to pin.
 */
public record HostKeys(List<String> keys, List<String> fingerprints) {

    public HostKeys {
        keys = List.copyOf(keys);
        fingerprints = List.copyOf(fingerprints);
    }

    /** Parses lines of *.pub files ("ssh-ed25519 AAAA… comment"), ignoring anything else. */
    public static HostKeys parse(String pubFiles) {
        List<String> keys = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (String line : pubFiles.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !(words[0].startsWith("ssh-") || words[0].startsWith("ecdsa-"))) {
                continue;
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(words[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            keys.add(words[0] + " " + words[1]);
            fingerprints.add(fingerprint(blob));
        }
        return new HostKeys(keys, fingerprints);
    }

    /** "SHA256:" and the unpadded base64 of the key blob's SHA-256, like {@code ssh-keygen -l}. */
    public static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fingerprintOfKey(String key) {
        String[] words = key.strip().split("\\s+");
        return fingerprint(Base64.getDecoder().decode(words[1].getBytes(StandardCharsets.US_ASCII)));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
