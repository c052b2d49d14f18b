package nexus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.util.ProcessRunner;

/** Real key pairs from ssh-keygen, for tests. */
public final class TestKeys {
    private TestKeys() {}

    /** A new ed25519 key pair {@code dir/name}, with {@code passphrase} ("" for none). */
    public static SshKeyPair ed25519(Path dir, String name, String passphrase) throws Exception {
        Path key = Files.createDirectories(dir).resolve(name);
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString())
                .timeout(Duration.ofSeconds(30)).check();
        Path pub = key.resolveSibling(name + ".pub");
        return SshKeyPair.of(key, pub, Files.readString(pub));
    }
}
