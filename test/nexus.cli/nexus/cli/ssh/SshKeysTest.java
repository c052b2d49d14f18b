package nexus.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import nexus.cli.CliException;
import nexus.cli.Env;
import nexus.cli.Programs;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {
    @TempDir
    Path home;
    SshKeys keys;

    @BeforeEach
    void setUp() {
        keys = new SshKeys(new Programs(new Env(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"), home,
                System.in, System.out, System.err, false, false)), home.resolve(".ssh"));
    }

    private void keygen(String type, String file, String passphrase) {
        ProcessRunner.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f", home.resolve(".ssh").resolve(file).toString())
                .timeout(Duration.ofSeconds(30)).check();
    }

    @Test
    void generatesEd25519WhenThereIsNoKeyAndFingerprintMatchesSshKeygen() {
        assertTrue(keys.find().isEmpty());
        SshKeyPair k = keys.generate("nexus@test");
        assertEquals(home.resolve(".ssh/id_ed25519"), k.privateKey());
        assertEquals("ssh-ed25519", k.type());
        String printed = ProcessRunner.of("ssh-keygen", "-l", "-f", k.publicKey().toString()).check().stdout();
        assertTrue(printed.contains(k.fingerprint()), printed + " vs " + k.fingerprint());
        assertFalse(SshKeys.encrypted(k.privateKey()));
        assertEquals(k.fingerprint(), keys.find().orElseThrow().fingerprint());
    }

    @Test
    void prefersEd25519ThenEcdsaThenRsa() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        keygen("rsa", "id_rsa", "");
        assertEquals("id_rsa", keys.find().orElseThrow().privateKey().getFileName().toString());
        keygen("ecdsa", "id_ecdsa", "");
        assertEquals("id_ecdsa", keys.find().orElseThrow().privateKey().getFileName().toString());
        keygen("ed25519", "id_ed25519", "");
        assertEquals("id_ed25519", keys.find().orElseThrow().privateKey().getFileName().toString());
    }

    @Test
    void recognisesAPassphrase() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        keygen("ed25519", "locked", "secret phrase");
        assertTrue(SshKeys.encrypted(home.resolve(".ssh/locked")));
    }

    @Test
    void aHalfKeyIsAnErrorWithTheRepairCommand() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        keygen("ed25519", "id_ed25519", "");
        Files.delete(home.resolve(".ssh/id_ed25519.pub"));
        CliException e = assertThrows(CliException.class, () -> keys.load(home.resolve(".ssh/id_ed25519")));
        assertTrue(e.next().contains("ssh-keygen -y -f"), e.next());
        CliException gen = assertThrows(CliException.class, () -> keys.generate("x"));
        assertTrue(gen.next().contains("ssh-keygen -y -f"), gen.next());
    }
}
