package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.GitHubAndServer;
import nexus.cli.SshAgent;
import nexus.cli.TestKeys;
import nexus.cli.api.ServerClient;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workspace forward} with a key that has a passphrase: refused with the step that makes it usable (load it
 * into ssh-agent) until the agent holds it. The workspace sits on a node registered over the API that never runs
 * anything: the key check comes before any connection.
 */
class ForwardKeyTest {
    @TempDir
    Path tmp;
    GitHubAndServer world;
    CliRun cli;
    SshKeyPair key;

    @BeforeEach
    void setUp() throws Exception {
        world = GitHubAndServer.start(tmp.resolve("server"));
        String url = world.server().url();
        try (ServerClient admin = new ServerClient(url, world.server().adminToken(), "");
             HttpClient http = HttpClient.newHttpClient()) {
            String nodeToken = admin.nodeToken("idle-node").token();
            String registration = """
                    {"name":"idle-node","advertise_host":"127.0.0.1","drivers":["sandbox"],
                     "capacity":{"cpus":1,"memory_mb":1024,"disk_mb":1024,"max_workspaces":4},
                     "ssh_ports":{"first":2222,"last":2299},"service_ports":{"first":23000,"last":23999},"version":"test"}""";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes/register"))
                    .header("Authorization", "Bearer " + nodeToken).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(registration)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            cli = world.cli(tmp);
            assertEquals(0, cli.run("auth", "invite", admin.invite("keyholder").inviteToken()).exit());
        }
        key = TestKeys.ed25519(tmp.resolve("keys"), "protected", "open sesame");
        assertEquals(0, cli.run("config", "set", "key_path", key.privateKey().toString()).exit());
        cli.cwd(tmp);
        WorkspaceCommandsTest.gitRepo(tmp.resolve("shop"));
        CliRun.Result created = cli.run("ws", "create", "shop", "--no-wait", "--json");
        assertEquals(0, created.exit(), created.toString());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonObject refused(CliRun.Result r) {
        assertEquals(1, r.exit(), r.toString());
        DocumentedSchemas.check("error", r.json());
        JsonObject e = r.jsonObject();
        assertEquals("key_encrypted", e.string("error"), r.toString());
        return e;
    }

    @Test
    void aKeyWithAPassphraseNeedsTheAgentToHoldIt() throws Exception {
        cli.env("SSH_AUTH_SOCK", null);
        JsonObject noAgent = refused(cli.run("ws", "forward", "shop", "--json"));
        assertTrue(noAgent.string("next").contains("eval \"$(ssh-agent)\" && ssh-add " + key.privateKey()), noAgent.toString());

        try (SshAgent agent = new SshAgent(tmp.resolve("agent"))) {
            cli.env("SSH_AUTH_SOCK", agent.socket.toString());
            JsonObject notHeld = refused(cli.run("ws", "forward", "shop", "--json"));
            assertTrue(notHeld.string("message").contains("does not hold it"), notHeld.toString());
            assertTrue(notHeld.string("next").startsWith("load it: ssh-add " + key.privateKey()), notHeld.toString());

            agent.add(key.privateKey(), "open sesame");
            CliRun.Result started = cli.run("ws", "forward", "shop", "--json");
            assertEquals(0, started.exit(), "the key is usable now: " + started);
            assertEquals("waiting", started.jsonObject().string("connection"), "the forwarder runs, waiting for the workspace");
            assertEquals(0, cli.run("ws", "forward", "shop", "--stop").exit());
        }
    }
}
