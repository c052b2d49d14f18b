package nexus.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import nexus.cli.CliException;
import nexus.cli.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path tmp;

    private Paths paths(Map<String, String> env) {
        return Paths.of(new Env(env, tmp, System.in, System.out, System.err, false, false));
    }

    @Test
    void xdgDirectoriesWithHomeFallbacks() {
        Paths p = paths(Map.of("HOME", tmp.toString()));
        assertEquals(tmp.resolve(".config/nexus"), p.configDir());
        assertEquals(tmp.resolve(".local/share/nexus"), p.dataDir());
        assertEquals(tmp.resolve(".local/state/nexus"), p.stateDir());
        Paths x = paths(Map.of("HOME", tmp.toString(), "XDG_CONFIG_HOME", "/xdg/config", "XDG_DATA_HOME", "relative/ignored"));
        assertEquals(Path.of("/xdg/config/nexus"), x.configDir());
        assertEquals(tmp.resolve(".local/share/nexus"), x.dataDir(), "relative XDG values are ignored, as the spec says");
    }

    @Test
    void credentialsArePrivateAndSettingsRoundTrip() throws Exception {
        SettingsStore store = new SettingsStore(paths(Map.of("HOME", tmp.toString())));
        store.updateSettings(s -> s.withServer("http://127.0.0.1:3001").withEditor("code"));
        store.updateCredentials(c -> c.with("http://127.0.0.1:3001", new Credentials.Credential("tok", "user-1", "octocat", "github")));
        assertEquals("code", store.settings().editor());
        assertEquals("tok", store.credentials().forServer("http://127.0.0.1:3001").token());
        Path dir = tmp.resolve(".config/nexus");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.json"))));
        assertTrue(!Files.readString(dir.resolve("config.json")).contains("tok"), "no secret in config.json");
        store.updateCredentials(c -> c.with("http://127.0.0.1:3001", null));
        assertNull(store.credentials().forServer("http://127.0.0.1:3001"));
    }

    @Test
    void aCorruptFileIsReportedWithTheFix() throws Exception {
        SettingsStore store = new SettingsStore(paths(Map.of("HOME", tmp.toString())));
        Files.createDirectories(tmp.resolve(".config/nexus"));
        Files.writeString(tmp.resolve(".config/nexus/config.json"), "{not json");
        CliException e = assertThrows(CliException.class, store::settings);
        assertTrue(e.getMessage().contains("config.json is not valid"), e.getMessage());
        assertTrue(e.next().contains("remove it"), e.next());
    }
}
