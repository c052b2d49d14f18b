package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.GitHubAndServer;
import nexus.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nexus quota} against the real server: a user sees their limits, an admin sets one user's, and a create
 * over a quota is the server's quota_exceeded shown as a message with the next step and exit code 5 (conflict).
 */
class QuotaCommandsTest {
    private static final String REPO = "https://git.example.com/acme/shop.git";
    static GitHubAndServer world;
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        world = GitHubAndServer.start(shared.resolve("server"));
    }

    @AfterAll
    static void stopServer() {
        world.close();
    }

    /** A CLI logged in as a new invited user. */
    private CliRun loggedIn(String username) {
        CliRun cli = world.cli(tmp);
        String invite;
        try (var admin = new nexus.cli.api.ServerClient(world.server().url(), world.server().adminToken(), "")) {
            invite = admin.invite(username).inviteToken();
        }
        assertEquals(0, cli.run("auth", "invite", invite).exit());
        return cli;
    }

    private static JsonObject ok(CliRun.Result r, String schema) {
        assertEquals(0, r.exit(), r.toString());
        DocumentedSchemas.check(schema, r.json());
        return r.jsonObject();
    }

    private static JsonObject limit(JsonObject quota, String name) {
        List<JsonObject> limits = quota.array("limits").objects(o -> o);
        return limits.stream().filter(o -> o.string("limit").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void quotaShowsTheLimitsAndACreateOverOneSaysWhatToDoAndExits5() {
        CliRun cli = loggedIn("quotauser");
        CliRun.Result shown = cli.run("quota", "show");
        assertEquals(0, shown.exit(), shown.toString());
        assertTrue(shown.stdout().contains("Quota of quotauser:"), shown.stdout());
        assertTrue(shown.stdout().lines().anyMatch(l -> l.matches("workspaces +0 +10")), shown.stdout());
        assertTrue(shown.stdout().lines().anyMatch(l -> l.matches("memory +0B +32GiB")), shown.stdout());
        JsonObject mine = ok(cli.run("quota", "show", "--json"), "quota");
        assertEquals(10, limit(mine, "workspaces").longValue("allowed"));
        assertFalse(limit(mine, "workspaces").bool("overridden"));

        cli.env("NEXUS_ADMIN_TOKEN", world.server().adminToken());
        JsonObject set = ok(cli.run("quota", "set", "quotauser", "--workspaces", "0", "--memory", "8GiB", "--json"), "quota");
        assertEquals(0, limit(set, "workspaces").longValue("allowed"));
        assertEquals(8L << 30, limit(set, "memory_bytes").longValue("allowed"));
        assertTrue(limit(set, "workspaces").bool("overridden"));
        assertEquals(set, ok(cli.run("quota", "show", "quotauser", "--json"), "quota"), "the admin sees what the user sees");

        CliRun.Result refused = cli.run("workspace", "create", REPO, "--no-wait");
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("error: quota exceeded (workspaces): you have 0 workspaces and your quota allows 0. "
                + "Delete a workspace you no longer need: nexus workspace list / nexus workspace delete NAME, or ask your Nexus "
                + "admin to raise workspaces (nexus quota set quotauser --workspaces 1)"), refused.stderr());
        assertTrue(refused.stderr().contains("next: `nexus quota show` lists your limits and what uses them"), refused.stderr());
        CliRun.Result json = cli.run("up", REPO, "--editor", "none", "--json");
        assertEquals(5, json.exit(), json.toString());
        DocumentedSchemas.check("error", json.json());
        JsonObject e = json.jsonObject();
        assertEquals("quota_exceeded", e.string("error"));
        assertEquals(5, e.intValue("exit_code"));
        assertEquals("workspaces", e.object("details").string("limit"));
        assertEquals(1, e.object("details").longValue("requested"));
        assertTrue(cli.run("quota", "show").stdout().contains("(set by an admin)"));

        JsonObject reset = ok(cli.run("quota", "set", "quotauser", "--workspaces", "default", "--json"), "quota");
        assertEquals(10, limit(reset, "workspaces").longValue("allowed"));
        assertFalse(limit(reset, "workspaces").bool("overridden"));
        assertTrue(limit(reset, "memory_bytes").bool("overridden"), "a limit left out keeps its value");
    }

    @Test
    void setNeedsALimitAValidValueAndTheAdminToken() {
        CliRun cli = loggedIn("quotaadmin");
        assertEquals(2, cli.run("quota", "set", "quotaadmin").exit());
        CliRun.Result bad = cli.run("quota", "set", "quotaadmin", "--memory", "lots");
        assertEquals(2, bad.exit());
        assertTrue(bad.stderr().contains("--memory takes a size such as 64GiB or default"), bad.stderr());
        CliRun.Result noToken = cli.run("quota", "set", "quotaadmin", "--workspaces", "20", "--json");
        assertEquals(3, noToken.exit(), noToken.toString());
        assertEquals("admin_token_required", noToken.jsonObject().string("error"));
        cli.env("NEXUS_ADMIN_TOKEN", world.server().adminToken());
        CliRun.Result unknown = cli.run("quota", "show", "nobody-here", "--json");
        assertEquals(4, unknown.exit(), unknown.toString());
    }
}
