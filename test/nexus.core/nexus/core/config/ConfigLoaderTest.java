package nexus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nexus.core.RepoTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path repo;

    private void write(String relative, String text) throws IOException {
        RepoTree.write(repo, relative, text);
    }

    @Test
    void readsTheRepositoryConfig() throws Exception {
        write(".nexus/config.yaml", Fixtures.text("design-example.yaml"));
        write("package.json", "{\"scripts\":{\"dev\":\"vite\"}}");   // a config file wins over detection
        WorkspaceConfig c = ConfigLoader.load(repo);
        assertEquals(ConfigOrigin.file(".nexus/config.yaml"), c.origin());
        assertEquals(Fixtures.withoutOrigin(Fixtures.parse("design-example.yaml")), Fixtures.withoutOrigin(c));
    }

    @Test
    void acceptsTheYmlExtension() throws Exception {
        write(".nexus/config.yml", "services: {web: {command: npm start, port: 3000}}\n");
        WorkspaceConfig c = ConfigLoader.load(repo);
        assertEquals(ConfigOrigin.file(".nexus/config.yml"), c.origin());
        assertEquals(3000, c.services().get("web").port());
    }

    @Test
    void refusesTwoConfigFiles() throws Exception {
        write(".nexus/config.yaml", "name: a\n");
        write(".nexus/config.yml", "name: b\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertEquals(".nexus/config.yml:1:1: both .nexus/config.yaml and .nexus/config.yml exist; keep one "
                + "(Nexus reads .nexus/config.yaml)", e.getMessage());
    }

    @Test
    void reportsEveryProblemOfAnInvalidConfig() throws Exception {
        write(".nexus/config.yaml", "services:\n  web: {comand: x, port: 22}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertEquals(".nexus/config.yaml", e.source());
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void refusesALinkedConfigFile() throws Exception {
        Path secret = Files.writeString(repo.resolveSibling(repo.getFileName() + "-secret"), "root:x:0:0\n");
        try {
            Files.createDirectories(repo.resolve(".nexus"));
            Files.createSymbolicLink(repo.resolve(".nexus/config.yaml"), secret);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
            assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
            assertTrue(!e.getMessage().contains("root:x"), e.getMessage());
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void refusesALinkedConfigDirectory() throws Exception {
        Path elsewhere = Files.createDirectories(repo.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("config.yaml"), "name: x\n");
        Files.createSymbolicLink(repo.resolve(".nexus"), elsewhere);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertTrue(e.getMessage().contains(".nexus/config.yaml is a symbolic link (.nexus)"), e.getMessage());
    }

    @Test
    void refusesAnOversizedConfigFile() throws Exception {
        write(".nexus/config.yaml", "#".repeat(ConfigParser.MAX_BYTES + 1));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertEquals(".nexus/config.yaml:1:1: .nexus/config.yaml is 262145 bytes; the limit is 256KiB", e.getMessage());
    }

    @Test
    void refusesAConfigThatIsNotUtf8() throws Exception {
        Files.createDirectories(repo.resolve(".nexus"));
        Files.write(repo.resolve(".nexus/config.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertTrue(e.getMessage().endsWith(".nexus/config.yaml is not UTF-8 text"), e.getMessage());
    }

    @Test
    void refusesAConfigThatIsADirectory() throws Exception {
        Files.createDirectories(repo.resolve(".nexus/config.yaml"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(repo));
        assertTrue(e.getMessage().endsWith(".nexus/config.yaml is not a regular file"), e.getMessage());
    }

    @Test
    void detectsTheProjectWithoutAConfig() throws Exception {
        write("package.json", "{\"scripts\":{\"start\":\"node index.js\"}}");
        WorkspaceConfig c = ConfigLoader.load(repo);
        assertEquals(ConfigOrigin.detected("Node.js project (package.json)"), c.origin());
        assertEquals("npm start", c.services().get("web").command());
    }

    @Test
    void anEmptyNexusDirectoryMeansDetection() throws Exception {
        Files.createDirectories(repo.resolve(".nexus"));
        write("index.html", "<h1>hi</h1>");
        assertEquals(ConfigOrigin.Kind.DETECTED, ConfigLoader.load(repo).origin().kind());
    }

    @Test
    void anUnknownRepositoryGetsAnEmptyConfig() throws Exception {
        write("README.md", "# notes\n");
        assertEquals(WorkspaceConfig.empty(ConfigOrigin.none()), ConfigLoader.load(repo));
    }
}
