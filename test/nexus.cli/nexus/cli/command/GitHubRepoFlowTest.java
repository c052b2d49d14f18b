package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.GitHubAndServer;
import nexus.core.json.JsonObject;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub repositories in `workspace create`: owned (no fork), not owned (forked with gh, the fork reused next
 * time), --no-fork, not found — through the fake gh. The server has no node, so each run ends at the server's
 * "no node" answer, after everything on the GitHub side happened.
 */
class GitHubRepoFlowTest {
    static GitHubAndServer world;
    static FakeGitHub github;
    static int users;
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    CliRun cli;
    String login;

    @BeforeAll
    static void startServer() {
        world = GitHubAndServer.start(shared.resolve("server"));
        github = world.github();
        github.state().addUser("acme", "Acme");
        github.state().addRepo("acme", "shop", false);
    }

    @AfterAll
    static void stopServer() {
        world.close();
    }

    @BeforeEach
    void setUp() {
        login = "dev" + ++users;
        github.state().addUser(login, null);
        github.state().approveDeviceLoginAs(login);
        cli = world.cli(tmp);
        assertEquals(0, cli.run("auth", "github").exit());
    }

    private List<List<String>> forks() {
        return github.state().ghCalls().stream().filter(c -> c.size() > 2 && c.subList(0, 2).equals(List.of("repo", "fork"))
                && c.getLast().equals("acme/shop")).toList();
    }

    private JsonObject noNode(CliRun.Result r) {
        assertEquals(1, r.exit(), r.toString());
        JsonObject e = r.jsonObject();
        assertEquals("no_node_available", e.string("error"), r.stdout());
        return e;
    }

    @Test
    void aRepositoryYouCannotPushToIsForkedOnceAndTheForkIsUsed() {
        int before = forks().size();
        noNode(cli.run("ws", "create", "acme/shop", "--json"));
        assertEquals(before + 1, forks().size(), "gh repo fork acme/shop ran");
        assertTrue(github.state().repo(login + "/shop").orElseThrow().parent().equals("acme/shop"));
        noNode(cli.run("ws", "create", "https://github.com/acme/shop", "--json"));
        assertEquals(before + 1, forks().size(), "the existing fork is reused");
    }

    @Test
    void yourOwnRepositoryAndNoForkAreNotForked() {
        github.state().addRepo(login, "mine", false);
        github.state().addCollaborator("acme/shop", login, "push");
        int before = forks().size();
        noNode(cli.run("ws", "create", login + "/mine", "--json"));
        noNode(cli.run("ws", "create", "acme/shop", "--json"));
        noNode(cli.run("ws", "create", "acme/shop", "--no-fork", "--json"));
        assertEquals(before, forks().size());
        assertFalse(github.state().repo(login + "/shop").isPresent());
    }

    @Test
    void aRepositoryThatIsNotThereSaysWhatToCheck() {
        CliRun.Result r = cli.run("ws", "create", "acme/nothing", "--json");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.jsonObject().string("next").contains("gh repo view acme/nothing"), r.stdout());
        CliRun.Result up = cli.run("up", "acme/nothing", "--json");
        assertEquals(4, up.exit(), up.toString());
    }
}
