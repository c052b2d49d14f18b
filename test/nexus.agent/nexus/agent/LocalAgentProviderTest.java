package nexus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import nexus.core.spi.LocalAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local node's agent refuses a driver this host cannot run with {@link LocalAgent.HostUnsuitable} and the
 * driver's own reason, before it touches anything, so the server logs that reason instead of a stack trace.
 */
class LocalAgentProviderTest {

    @Test
    void aDriverThatCannotWorkHereIsRefusedWithItsReasonAndNothingIsMade(@TempDir Path data) {
        LocalAgent.Settings settings = new LocalAgent.Settings(URI.create("http://127.0.0.1:9"), "nxn_unused",
                "incus", data.resolve("agent"), "127.0.0.1", "local", java.util.List.of(), java.util.List.of(data));
        LocalAgent.HostUnsuitable e = assertThrows(LocalAgent.HostUnsuitable.class, () -> new LocalAgentProvider().start(settings));
        assertEquals("unknown driver \"incus\"; use auto, lxc or sandbox", e.getMessage());
        assertFalse(Files.exists(data.resolve("agent")), "no state directory was made");
    }
}
