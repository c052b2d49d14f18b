package nexus.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigFilesTest {
    @TempDir
    Path home;
    SshConfigFiles files;
    Path key;

    @BeforeEach
    void setUp() {
        files = new SshConfigFiles(home.resolve(".ssh"), home.resolve(".ssh/nexus"));
        key = home.resolve(".ssh/id_ed25519");
    }

    private SshHost host(String ws, int port, String... keys) {
        return new SshHost(ws, "127.0.0.1", port, "dev", key, List.of(keys));
    }

    @Test
    void createsTheUserConfigPrivateWithOnlyTheInclude() throws Exception {
        assertFalse(files.includePresent());
        assertTrue(files.ensureInclude());
        Path config = home.resolve(".ssh/config");
        assertEquals(files.includeLine() + "\n", Files.readString(config));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertTrue(files.includePresent());
        assertFalse(files.ensureInclude(), "idempotent");
    }

    @Test
    void putsTheIncludeOnTopAndLeavesUserContentAlone() throws Exception {
        Path config = home.resolve(".ssh/config");
        Files.createDirectories(config.getParent());
        String mine = "Host work\n  HostName work.example.com\n  User me\n\nHost *\n  ServerAliveInterval 30\n";
        Files.writeString(config, mine);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(files.ensureInclude());
        assertFalse(files.ensureInclude());
        String now = Files.readString(config);
        assertTrue(now.startsWith(files.includeLine() + "\n"), now);
        assertTrue(now.endsWith(mine), "the user's lines are unchanged, in order");
        assertEquals(1, now.lines().filter(l -> l.startsWith("Include")).count());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)), "the user's mode is kept");
    }

    @Test
    void aSymlinkedConfigStaysALink() throws Exception {
        Path real = Files.createDirectories(home.resolve("dotfiles")).resolve("ssh_config");
        Files.writeString(real, "Host a\n  User b\n");
        Files.createDirectories(home.resolve(".ssh"));
        Files.createSymbolicLink(home.resolve(".ssh/config"), real);
        files.ensureInclude();
        assertTrue(Files.isSymbolicLink(home.resolve(".ssh/config")));
        assertTrue(Files.readString(real).startsWith("Include "));
    }

    @Test
    void hostBlocksAndPinnedKeysAreWrittenReplacedAndRemoved() throws Exception {
        files.writeHost(host("shop", 2222, "ssh-ed25519 AAAAshop1", "ecdsa-sha2-nistp256 AAAAshop2"));
        files.writeHost(host("blog", 2223, "ssh-ed25519 AAAAblog"));
        String config = Files.readString(files.nexusConfig());
        assertTrue(config.contains("Host nexus-shop\n  HostName 127.0.0.1\n  Port 2222\n  User dev\n  IdentityFile " + key), config);
        assertTrue(config.contains("UserKnownHostsFile " + files.knownHosts()), config);
        assertTrue(config.contains("StrictHostKeyChecking yes"), config);
        assertFalse(config.toLowerCase().contains("stricthostkeychecking no"));
        assertEquals(List.of("[127.0.0.1]:2222 ssh-ed25519 AAAAshop1 nexus-shop", "[127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAAshop2 nexus-shop",
                "[127.0.0.1]:2223 ssh-ed25519 AAAAblog nexus-blog"), Files.readAllLines(files.knownHosts()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.knownHosts())));

        // re-created workspace: new keys replace the old; a port another workspace had is taken over cleanly
        files.writeHost(host("shop", 2222, "ssh-ed25519 AAAAshopNEW"));
        files.writeHost(host("new", 2223, "ssh-ed25519 AAAAnew"));
        assertEquals(List.of("[127.0.0.1]:2222 ssh-ed25519 AAAAshopNEW nexus-shop", "[127.0.0.1]:2223 ssh-ed25519 AAAAnew nexus-new"),
                Files.readAllLines(files.knownHosts()));
        assertEquals(List.of("ssh-ed25519 AAAAshopNEW"), files.host("shop").orElseThrow().hostKeys());

        assertTrue(files.removeHost("shop"));
        assertFalse(files.removeHost("shop"));
        assertFalse(Files.readString(files.nexusConfig()).contains("nexus-shop"));
        assertEquals(List.of("[127.0.0.1]:2223 ssh-ed25519 AAAAnew nexus-new"), Files.readAllLines(files.knownHosts()));
    }

    @Test
    void opensshAcceptsTheFilesAndResolvesTheAlias() throws Exception {
        files.ensureInclude();
        files.writeHost(host("shop", 2222, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"));
        ProcessRunner.Result r = ProcessRunner.of("ssh", "-G", "-F", home.resolve(".ssh/config").toString(), "nexus-shop")
                .timeout(Duration.ofSeconds(10)).run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("hostname 127.0.0.1"), r.stdout());
        assertTrue(r.stdout().contains("port 2222"), r.stdout());
        assertTrue(r.stdout().contains("user dev"), r.stdout());
        assertTrue(r.stdout().contains("stricthostkeychecking true"), r.stdout());
        assertTrue(r.stdout().contains("userknownhostsfile " + files.knownHosts()), r.stdout());
    }
}
