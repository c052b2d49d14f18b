package nexus.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import nexus.cli.SshAgent;
import nexus.cli.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys the forwarder can log in with unattended, against a real ssh-agent. */
class LoginKeyTest {
    @TempDir
    Path tmp;

    @Test
    void aKeyWithoutAPassphraseNeedsNoAgent() throws Exception {
        assertEquals(Optional.empty(), new LoginKey(TestKeys.ed25519(tmp, "plain", ""), null).problem());
    }

    @Test
    void aKeyWithAPassphraseIsUsableOnlyWhenTheAgentHoldsIt() throws Exception {
        SshKeyPair key = TestKeys.ed25519(tmp, "protected", "correct horse");
        String load = "ssh-add " + key.privateKey();

        LoginKey.Problem noAgent = new LoginKey(key, null).problem().orElseThrow();
        assertTrue(noAgent.message().contains("has a passphrase and no ssh-agent is running"), noAgent.message());
        assertTrue(noAgent.next().contains("eval \"$(ssh-agent)\" && " + load), noAgent.next());
        assertTrue(noAgent.next().contains("nexus ssh setup --key"), "the other way out is named too: " + noAgent.next());

        LoginKey.Problem deadAgent = new LoginKey(key, tmp.resolve("no-such-agent.sock").toString()).problem().orElseThrow();
        assertTrue(deadAgent.message().contains("does not answer"), deadAgent.message());

        try (SshAgent agent = new SshAgent(tmp.resolve("agent"))) {
            agent.add(TestKeys.ed25519(tmp, "other", "").privateKey(), "");
            LoginKey viaAgent = new LoginKey(key, agent.socket.toString());
            LoginKey.Problem notLoaded = viaAgent.problem().orElseThrow();
            assertTrue(notLoaded.message().contains("does not hold it"), "another key in the agent is not this one: " + notLoaded.message());
            assertTrue(notLoaded.next().startsWith("load it: " + load), notLoaded.next());

            agent.add(key.privateKey(), "correct horse");
            assertEquals(Optional.empty(), viaAgent.problem());
        }
    }
}
