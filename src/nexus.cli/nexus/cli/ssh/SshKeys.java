package nexus.cli.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.Programs;
import nexus.cli.settings.SecureFiles;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Finds the user's SSH key (~/.ssh/id_ed25519, then id_ecdsa, then id_rsa — the first with both halves) or
 * makes a new ed25519 key with {@code ssh-keygen}.
 */
public final class SshKeys {
    public static final List<String> DEFAULT_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final Programs programs;
    private final Path sshDir;

    public SshKeys(Programs programs, Path sshDir) {
        this.programs = programs;
        this.sshDir = sshDir;
    }

    /** The key at {@code privateKey} (its .pub must be beside it). */
    public SshKeyPair load(Path privateKey) {
        Path pub = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
        if (!Files.isRegularFile(privateKey)) {
            throw CliException.error("key_missing", "there is no SSH private key at " + privateKey,
                    "pass an existing key with `nexus ssh setup --key PATH`, or run `nexus ssh setup` to find or create one");
        }
        if (!Files.isRegularFile(pub)) {
            throw CliException.error("key_missing", "the public half of " + privateKey + " (" + pub + ") is missing",
                    "recreate it: ssh-keygen -y -f " + privateKey + " > " + pub);
        }
        try {
            String line = Files.readString(pub, StandardCharsets.UTF_8).strip();
            return SshKeyPair.of(privateKey, pub, line);
        } catch (IllegalArgumentException e) {
            throw CliException.error("key_invalid", pub + " is not an SSH public key (" + e.getMessage() + ")",
                    "recreate it: ssh-keygen -y -f " + privateKey + " > " + pub);
        } catch (IOException e) {
            throw CliException.error("key_unreadable", "cannot read " + pub + ": " + e.getMessage(), "check its permissions");
        }
    }

    /** The first default key that exists with both halves. */
    public Optional<SshKeyPair> find() {
        for (String name : DEFAULT_NAMES) {
            Path key = sshDir.resolve(name);
            if (Files.isRegularFile(key) && Files.isRegularFile(sshDir.resolve(name + ".pub"))) {
                return Optional.of(load(key));
            }
        }
        return Optional.empty();
    }

    /** Generates ~/.ssh/id_ed25519 (no passphrase: the port forwarder must use it unattended). */
    public SshKeyPair generate(String comment) {
        if (!programs.installed("ssh-keygen")) {
            throw CliException.error("ssh_keygen_missing", "ssh-keygen is not installed, so nexus cannot create an SSH key",
                    "install OpenSSH (Debian/Ubuntu: sudo apt-get install openssh-client), then run `nexus ssh setup`");
        }
        SecureFiles.createDir(sshDir);
        Path key = sshDir.resolve("id_ed25519");
        if (Files.exists(key)) {
            throw CliException.error("key_exists", key + " exists but its public half " + key + ".pub is missing",
                    "recreate it: ssh-keygen -y -f " + key + " > " + key + ".pub");
        }
        ProcessRunner.Result r = programs.runner("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString())
                .timeout(Duration.ofSeconds(30)).run();
        if (!r.ok()) {
            throw CliException.error("ssh_keygen_failed", "ssh-keygen could not create " + key + ": "
                    + Text.lastLines(r.stderr(), 3), "create a key yourself (ssh-keygen -t ed25519), then `nexus ssh setup`");
        }
        return load(key);
    }

    /** Whether a private key file is protected by a passphrase (then only an ssh-agent holding it makes it usable unattended). */
    public static boolean encrypted(Path privateKey) {
        try {
            String text = Files.readString(privateKey, StandardCharsets.US_ASCII);
            if (text.contains("ENCRYPTED")) {
                return true; // PEM: "Proc-Type: 4,ENCRYPTED" or "BEGIN ENCRYPTED PRIVATE KEY"
            }
            int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
            if (begin < 0) {
                return false;
            }
            String body = text.substring(begin + 35, text.indexOf("-----END", begin)).replaceAll("\\s", "");
            byte[] blob = java.util.Base64.getDecoder().decode(body);
            // "openssh-key-v1\0", then the cipher name as a length-prefixed string: "none" when unencrypted
            int off = 15;
            int len = ((blob[off] & 0xff) << 24) | ((blob[off + 1] & 0xff) << 16) | ((blob[off + 2] & 0xff) << 8) | (blob[off + 3] & 0xff);
            return !new String(blob, off + 4, len, StandardCharsets.US_ASCII).equals("none");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
