package nexus.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nexus.core.util.ProcessRunner;
import nexus.server.testing.Files2;
import nexus.server.testing.Keys;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SshPublicKeyTest {

    @SystemTest(HostRequirement.SSH)
    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-256", "ecdsa-384", "ecdsa-521", "rsa-2048", "rsa-3072"})
    void fingerprintsMatchSshKeygen(String kind) throws Exception {
        Path dir = Files.createTempDirectory("keys");
        try {
            Path key = dir.resolve("id");
            String[] parts = kind.split("-");
            List<String> cmd = parts.length == 1
                    ? List.of("ssh-keygen", "-q", "-t", parts[0], "-N", "", "-C", "me@laptop", "-f", key.toString())
                    : List.of("ssh-keygen", "-q", "-t", parts[0], "-b", parts[1], "-N", "", "-C", "me@laptop", "-f", key.toString());
            ProcessRunner.of(cmd).timeout(Duration.ofSeconds(60)).check();
            String line = Files.readString(dir.resolve("id.pub")).strip();
            String expected = ProcessRunner.of("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("id.pub").toString())
                    .check().stdout().split(" ")[1];
            SshPublicKey parsed = SshPublicKey.parse(line);
            assertEquals(expected, parsed.fingerprint());
            assertEquals("me@laptop", parsed.comment());
            assertEquals(line.substring(0, line.lastIndexOf(' ')), parsed.publicKey());
        } finally {
            Files2.deleteTree(dir);
        }
    }

    @Test
    void acceptsJdkGeneratedKeysOfEveryType() {
        assertEquals(256, SshPublicKey.parse(Keys.ed25519("a")).bits());
        assertEquals(384, SshPublicKey.parse(Keys.ecdsa("nistp384", null)).bits());
        assertEquals(521, SshPublicKey.parse(Keys.ecdsa("nistp521", "x y z")).bits());
        assertEquals(2048, SshPublicKey.parse(Keys.rsa(2048, "c")).bits());
        assertNull(SshPublicKey.parse(Keys.ed25519(null)).comment());
        assertEquals("x y z", SshPublicKey.parse(Keys.ecdsa("nistp256", "x y z")).comment());
    }

    @Test
    void rejectsWeakBrokenAndForeignKeys() {
        assertRejected(Keys.rsa(1024, "old"), "at least 2048");
        assertRejected("ssh-dss AAAAB3NzaC1kc3MAAACBAP== me", "DSA keys are not accepted");
        assertRejected("", "empty");
        assertRejected("   ", "empty");
        assertRejected("ssh-ed25519", "looks like");
        assertRejected("ssh-ed25519 !!!notbase64", "not valid base64");
        assertRejected("-----BEGIN OPENSSH PRIVATE KEY-----", "PEM");
        assertRejected("hello world", "not an SSH public key");
        assertRejected("ssh-foo AAAA", "not accepted");
        assertRejected(Keys.line("ssh-ed25519", null, Keys.str("ssh-rsa"), Keys.str(new byte[32])), "line says ssh-ed25519");
        assertRejected(Keys.line("ssh-ed25519", null, Keys.str("ssh-ed25519"), Keys.str(new byte[31])), "wrong length");
        assertRejected(Keys.line("ssh-ed25519", null, Keys.str("ssh-ed25519")), "truncated");
        assertRejected(Keys.line("ssh-ed25519", null, Keys.str("ssh-ed25519"), Keys.str(new byte[32]), new byte[] {1}), "trailing bytes");
        assertRejected(Keys.line("ecdsa-sha2-nistp256", null, Keys.str("ecdsa-sha2-nistp256"), Keys.str("nistp384"), Keys.str(new byte[97])), "does not match");
        assertRejected(Keys.line("ecdsa-sha2-nistp256", null, Keys.str("ecdsa-sha2-nistp256"), Keys.str("nistp256"), Keys.str(new byte[65])), "malformed");
        assertRejected(Keys.ed25519("evil\u0007bell"), "control characters");
        assertRejected(Keys.ed25519(null) + "\n" + Keys.ed25519(null), "single line");
        assertRejected("ssh-ed25519 " + "A".repeat(SshPublicKey.MAX_LINE), "limit");
    }

    private static void assertRejected(String line, String expectedPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshPublicKey.parse(line));
        assertTrue(e.getMessage().contains(expectedPart), () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedPart + "\"");
    }
}
