package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.GitHubAndServer;
import nexus.cli.ServerProcess;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace commands against the real server when they cannot go far: input refused before the server sees it,
 * and a server without nodes. (With a node, see {@link EndToEndTest}.) Every error is the documented error
 * object with a next step.
 */
class WorkspaceCommandsTest {
    static GitHubAndServer world;
    static ServerProcess server;
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    CliRun cli;
    Path repo;

    @BeforeAll
    static void startServer() {
        world = GitHubAndServer.start(shared.resolve("server"));
        server = world.server();
    }

    @AfterAll
    static void stopServer() {
        world.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        cli = world.cli(tmp);
        String invite;
        try (var admin = new nexus.cli.api.ServerClient(server.url(), server.adminToken(), "")) {
            invite = admin.invite("user" + System.nanoTime() % 1_000_000_000L).inviteToken();
        }
        assertEquals(0, cli.run("auth", "invite", invite).exit());
        repo = gitRepo(tmp.resolve("shop"));
        cli.cwd(tmp);
    }

    static Path gitRepo(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), "<h1>shop</h1>\n");
        ProcessRunner.of("git", "init", "-q", dir.toString()).check();
        ProcessRunner.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A").check();
        ProcessRunner.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "init").check();
        return dir;
    }

    private JsonObject ok(CliRun.Result r, String schema) {
        assertEquals(0, r.exit(), r.toString());
        DocumentedSchemas.check(schema, r.json());
        return r.jsonObject();
    }

    private JsonObject failure(CliRun.Result r, int exit, String nextContains) {
        assertEquals(exit, r.exit(), r.toString());
        DocumentedSchemas.check("error", r.json());
        JsonObject e = r.jsonObject();
        assertTrue(e.string("next", "").contains(nextContains), "next step should mention " + nextContains + ": " + r.stdout());
        return e;
    }

    @Test
    void withoutANodeTheServersRefusalNamesTheNextStep() throws Exception {
        JsonObject e = failure(cli.run("ws", "create", "shop", "--json"), 1, "nexus node add");
        assertEquals("no_node_available", e.string("error"));
        assertTrue(e.has("request_id"));
        assertEquals(0, cli.run("ws", "list", "--json").jsonObject().intValue("total"), "nothing was created");
        try (var uploads = Files.list(server.data().resolve("uploads"))) {
            assertEquals(0, uploads.count(), "the checkout was uploaded, and deleted again when no workspace came of it");
        }
        failure(cli.run("ws", "status", "nope", "--json"), 4, "nexus workspace list");
        failure(cli.run("ws", "delete", "nope", "--yes", "--json"), 4, "nexus workspace list");
    }

    @Test
    void badInputIsRefusedBeforeTheServerSeesIt() throws Exception {
        failure(cli.run("ws", "create", "shop", "--name", "Bad_Name", "--json"), 2, "--name");
        failure(cli.run("ws", "create", tmp.resolve("missing").toString(), "--json"), 4, "check the path");
        Files.writeString(tmp.resolve("bad.yaml"), "version: 1\nservices:\n  web:\n    comand: x\n");
        JsonObject e = failure(cli.run("ws", "create", "shop", "--config", "bad.yaml", "--json"), 2, "fix bad.yaml");
        assertTrue(e.string("message").contains("bad.yaml:4:"), e.toString());
        failure(cli.run("ws", "create", "--json", "--", "-oProxyCommand=x"), 2, "owner/repo");

        Path broken = gitRepo(tmp.resolve("broken"));
        Files.createDirectories(broken.resolve(".nexus"));
        Files.writeString(broken.resolve(".nexus/config.yaml"), "version: 1\nservices:\n  web:\n    comand: npm start\n");
        JsonObject local = failure(cli.run("up", "./broken", "--editor", "none", "--json"), 2, "nothing was created");
        assertTrue(local.string("message").contains(".nexus/config.yaml:4:"), "located before anything is sent: " + local);
        assertEquals(0, cli.run("ws", "list", "--json").jsonObject().intValue("total"));
        try (var uploads = Files.list(server.data().resolve("uploads"))) {
            assertEquals(0, uploads.count(), "nothing was uploaded");
        } catch (java.nio.file.NoSuchFileException none) {
            // no upload ever happened on this server
        }
    }
}
