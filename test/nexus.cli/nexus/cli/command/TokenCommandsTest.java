package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.GitHubAndServer;
import nexus.cli.ServerProcess;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.Repository;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.PortRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth tokens}, {@code auth revoke}, {@code auth logout} and {@code node remove} through the real CLI
 * against the real server (a separate process): every machine has its own token, one machine revokes another's,
 * logout revokes on the server before forgetting (and still forgets when the server is down), and removing a node
 * revokes its token.
 */
class TokenCommandsTest {
    static GitHubAndServer world;
    @TempDir
    static Path shared;
    static int users;
    @TempDir
    Path tmp;
    String login;

    @BeforeAll
    static void startServer() {
        world = GitHubAndServer.start(shared.resolve("server"));
    }

    @AfterAll
    static void stopServer() {
        world.close();
    }

    /** A machine of this test's GitHub user, logged in with {@code nexus auth github}. */
    private CliRun machine(String name) {
        if (login == null) {
            login = "tokenuser" + ++users;
            world.github().state().addUser(login, null);
        }
        world.github().state().approveDeviceLoginAs(login);
        CliRun cli = world.cli(tmp.resolve(name));
        CliRun.Result r = cli.run("auth", "github");
        assertEquals(0, r.exit(), r.toString());
        return cli;
    }

    private static String savedToken(CliRun cli) throws Exception {
        JsonObject credentials = JsonCodec.parseObject(Files.readString(cli.home().resolve(".config/nexus/credentials.json")));
        return credentials.object("servers").object(world.server().url()).string("token");
    }

    private static JsonObject ok(CliRun.Result r, String schema) {
        assertEquals(0, r.exit(), r.toString());
        DocumentedSchemas.check(schema, r.json());
        return r.jsonObject();
    }

    @Test
    void eachMachineHasItsTokenAndOneRevokesAnothers() {
        CliRun laptop = machine("laptop");
        CliRun desktop = machine("desktop");
        List<JsonObject> tokens = ok(desktop.run("auth", "tokens", "--json"), "auth tokens").array("tokens").objects(o -> o);
        assertEquals(2, tokens.size(), tokens.toString());
        assertEquals(List.of(false, true), tokens.stream().map(t -> t.bool("current")).toList());
        for (JsonObject t : tokens) {
            assertTrue(t.string("label").startsWith("GitHub registration from 127.0.0.1 (key "), t.toString());
            assertTrue(t.has("expires_at"), "user tokens expire");
        }
        CliRun.Result table = desktop.run("auth", "tokens");
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.stdout().contains("* " + tokens.get(1).string("token_id")), table.stdout());
        assertTrue(table.stdout().contains("GitHub registration from 127.0.0.1"), table.stdout());

        String laptopToken = tokens.getFirst().string("token_id");
        JsonObject revoked = ok(desktop.run("auth", "revoke", laptopToken, "--json"), "auth revoke");
        assertFalse(revoked.bool("current"));
        assertFalse(revoked.bool("logged_out"));
        CliRun.Result refused = laptop.run("ws", "list", "--json");
        assertEquals(3, refused.exit(), refused.toString());
        assertTrue(refused.jsonObject().string("message").contains("was revoked"), refused.stdout());
        assertTrue(refused.jsonObject().string("next").contains("nexus auth github"), refused.stdout());
        assertEquals(0, desktop.run("ws", "list").exit(), "the desktop's token is untouched");

        CliRun.Result unknown = desktop.run("auth", "revoke", laptopToken, "--json");
        assertEquals(4, unknown.exit(), unknown.toString());
        assertTrue(unknown.jsonObject().string("next").contains("nexus auth tokens"), unknown.stdout());

        String own = tokens.get(1).string("token_id");
        JsonObject self = ok(desktop.run("auth", "revoke", own, "--json"), "auth revoke");
        assertTrue(self.bool("current") && self.bool("logged_out"), self.toString());
        assertEquals(3, desktop.run("auth", "status").exit(), "revoking this machine's token logs it out");
        CliRun.Result status = laptop.run("auth", "status", "--json");
        assertEquals(3, status.exit(), status.toString());
        assertTrue(status.jsonObject().string("problem").contains("was revoked"), "status says why: " + status.stdout());
    }

    @Test
    void logoutRevokesTheTokenOnTheServerThenForgetsIt() throws Exception {
        CliRun cli = machine("laptop");
        String token = savedToken(cli);
        JsonObject out = ok(cli.run("auth", "logout", "--json"), "auth logout");
        assertTrue(out.bool("logged_out") && out.bool("token_revoked"), out.toString());
        assertFalse(Files.readString(cli.home().resolve(".config/nexus/credentials.json")).contains(token));
        try (ServerClient api = new ServerClient(world.server().url(), token, "")) {
            ApiException e = assertThrows(ApiException.class, api::me, "the token no longer works anywhere");
            assertEquals(401, e.status());
        }
        JsonObject again = ok(cli.run("auth", "logout", "--json"), "auth logout");
        assertFalse(again.bool("logged_out"));
    }

    @Test
    void logoutWithTheServerDownStillForgetsTheTokenAndSaysItStaysValid() throws Exception {
        login = "downuser";
        world.github().state().addUser(login, null);
        world.github().state().approveDeviceLoginAs(login);
        CliRun cli = new CliRun(tmp.resolve("cli"));
        world.github().installGh(cli.bin());
        String url;
        try (ServerProcess other = ServerProcess.start(tmp.resolve("other-server"), world.github().apiUrl(), false)) {
            url = other.url();
            assertEquals(0, cli.run("server", url).exit());
            assertEquals(0, cli.run("auth", "github").exit());
        }
        CliRun.Result r = cli.run("auth", "logout", "--json");
        JsonObject out = ok(r, "auth logout");
        assertTrue(out.bool("logged_out"));
        assertFalse(out.bool("token_revoked"));
        assertTrue(out.string("problem").contains("cannot reach") && out.string("problem").contains("stays valid"), out.toString());
        assertTrue(r.stderr().contains("stays valid"), "the warning is shown with --json too: " + r.stderr());
        assertFalse(Files.readString(cli.home().resolve(".config/nexus/credentials.json")).contains(url), "forgotten here");
    }

    @Test
    void authGithubForceRevokesTheTokenItReplaces() throws Exception {
        CliRun cli = machine("laptop");
        String before = savedToken(cli);
        assertEquals(0, cli.run("auth", "github", "--force").exit());
        assertNotEquals(before, savedToken(cli));
        List<JsonObject> tokens = ok(cli.run("auth", "tokens", "--json"), "auth tokens").array("tokens").objects(o -> o);
        assertEquals(1, tokens.size(), "the replaced token is revoked, not left valid: " + tokens);
    }

    @Test
    void nodeRemoveRevokesTheNodesTokenAndNeedsForceWhileItHoldsWorkspaces() throws Exception {
        String admin = world.server().adminToken();
        CliRun cli = machine("admin-laptop");
        String nodeToken;
        try (ServerClient adminApi = new ServerClient(world.server().url(), admin, "")) {
            nodeToken = adminApi.nodeToken("cli-node").token();
        }
        assertEquals(201, nodeCall("/nodes/register", nodeToken, new NodeRegistration("cli-node.host", "10.0.0.9",
                List.of("lxc"), new Capacity(2, 2048, 10_000, 5), PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES, "test").toJson()
                .toString()).statusCode());
        try (ServerClient user = new ServerClient(world.server().url(), savedToken(cli), "")) {
            user.create(new CreateWorkspaceRequest("on-cli-node", new Repository("https://example.com/r.git", null, null, null),
                    null, null, null, null), "key-1");
        }
        cli.env("NEXUS_ADMIN_TOKEN", admin);
        CliRun.Result refused = cli.run("node", "remove", "cli-node", "--json");
        assertEquals(5, refused.exit(), refused.toString());
        DocumentedSchemas.check("error", refused.json());
        assertTrue(refused.jsonObject().string("next").contains("--force"), refused.stdout());

        JsonObject removed = ok(cli.run("node", "remove", "cli-node", "--force", "--json"), "node remove");
        assertEquals("cli-node", removed.string("name"));
        assertTrue(removed.string("node_id").startsWith("node-"), removed.toString());
        assertEquals(1, removed.intValue("workspaces_removed"));
        HttpResponse<String> heartbeat = nodeCall("/nodes/" + removed.string("node_id") + "/heartbeat", nodeToken, "{}");
        assertEquals(401, heartbeat.statusCode(), heartbeat.body());
        assertTrue(ok(cli.run("node", "list", "--json"), "node list").array("nodes").objects(o -> o.string("name")).stream()
                .noneMatch("cli-node"::equals));

        CliRun.Result gone = cli.run("node", "remove", "cli-node");
        assertEquals(4, gone.exit(), gone.toString());
        assertTrue(gone.stderr().contains("nexus node list"), gone.stderr());
    }

    /** A call of the agent protocol with a node token, as an agent makes it. */
    private static HttpResponse<String> nodeCall(String path, String token, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(world.server().url() + "/api/v1" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
