package nexus.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nexus.cli.CliException;
import org.junit.jupiter.api.Test;

class ServerUrlTest {
    @Test
    void addressesAsTypedBecomeBaseUrls() {
        assertEquals("https://nexus.example.com:3001", ServerUrl.normalize("nexus.example.com"));
        assertEquals("http://127.0.0.1:3001", ServerUrl.normalize("127.0.0.1"));
        assertEquals("http://localhost:4000", ServerUrl.normalize("localhost:4000"));
        assertEquals("https://nexus.example.com", ServerUrl.normalize("https://nexus.example.com/"));
        assertEquals("http://10.0.0.5:3001", ServerUrl.normalize("http://10.0.0.5:3001"));
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        for (String bad : new String[] {"", "ftp://x", "http://user:pw@x", "https://x/path", "a b", "http://x?q=1"}) {
            CliException e = assertThrows(CliException.class, () -> ServerUrl.normalize(bad), bad);
            assertEquals("give a host name, host:port or an http(s) URL, e.g. `nexus server nexus.example.com`", e.next());
        }
    }
}
