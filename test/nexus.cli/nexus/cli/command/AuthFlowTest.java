package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.GitHubAndServer;
import nexus.cli.ServerProcess;
import nexus.core.json.JsonObject;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth and ssh setup against the real server (a separate process) whose GitHub is the fake one, with the fake
 * gh on the CLI's PATH: login through gh, key creation and upload, registration, status, logout, and the
 * failures — each naming the next step.
 */
class AuthFlowTest {
    static GitHubAndServer world;
    static FakeGitHub github;
    static ServerProcess server;
    @TempDir
    static Path shared;
    static int users;
    @TempDir
    Path tmp;
    CliRun cli;
    String login;

    @BeforeAll
    static void startServer() {
        world = GitHubAndServer.start(shared.resolve("server"));
        github = world.github();
        server = world.server();
    }

    @AfterAll
    static void stopServer() {
        world.close();
    }

    @BeforeEach
    void setUp() {
        login = "octocat" + ++users; // a GitHub account per test: the server is shared
        github.state().addUser(login, "The Octocat");
        cli = world.cli(tmp);
    }

    @Test
    void githubLoginRegistersWithANewKeyAndStatusShowsIt() throws Exception {
        github.state().approveDeviceLoginAs(login);
        CliRun.Result r = cli.run("auth", "github", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject doc = r.jsonObject();
        assertEquals(login, doc.string("username"));
        assertEquals("github", doc.string("via"));
        assertTrue(Files.isRegularFile(cli.home().resolve(".ssh/id_ed25519")), "a key was created");
        assertEquals(1, doc.strings("key_fingerprints").size());

        CliRun.Result status = cli.run("auth", "status", "--json");
        assertEquals(0, status.exit(), status.toString());
        JsonObject s = status.jsonObject();
        assertTrue(s.bool("logged_in"));
        assertEquals(login, s.object("user").string("username"));
        assertEquals(login, s.object("github").string("login"));
        String credentials = Files.readString(cli.home().resolve(".config/nexus/credentials.json"));
        assertTrue(credentials.contains(server.url()));

        CliRun.Result again = cli.run("auth", "github", "--json");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.jsonObject().toString().contains("\"skipped\""), "a second run has nothing to do");

        assertEquals(0, cli.run("auth", "logout").exit());
        CliRun.Result out = cli.run("auth", "status");
        assertEquals(3, out.exit(), out.toString());
        assertTrue(out.stderr().contains("nexus auth github"), out.stderr());
    }

    @Test
    void sshSetupUploadsTheKeyOnceToGitHubAndTheServer() {
        github.state().approveDeviceLoginAs(login);
        assertEquals(0, cli.run("auth", "github").exit());
        CliRun.Result first = cli.run("ssh", "setup", "--json");
        assertEquals(0, first.exit(), first.toString());
        JsonObject doc = first.jsonObject();
        assertTrue(doc.bool("github_key_added"));
        assertFalse(doc.bool("server_key_added"), "auth github registered it already");
        assertTrue(doc.object("ssh_config").bool("include_added"));
        long adds = github.state().ghCalls().stream().filter(c -> c.size() > 1 && c.subList(0, 2).equals(List.of("ssh-key", "add"))).count();
        CliRun.Result second = cli.run("ssh", "setup", "--json");
        assertFalse(second.jsonObject().bool("github_key_added"), "the key is already on GitHub");
        assertEquals(adds, github.state().ghCalls().stream().filter(c -> c.size() > 1 && c.subList(0, 2).equals(List.of("ssh-key", "add"))).count(),
                "gh ssh-key add is not called again");
        assertFalse(second.jsonObject().object("ssh_config").bool("include_added"));
    }

    @Test
    void aDeniedGitHubLoginSaysWhatToDo() {
        github.state().approveDeviceLoginAs(null);
        CliRun.Result r = cli.run("auth", "github", "--json");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.jsonObject().string("next").contains("gh auth login"), r.stdout());
    }

    @Test
    void withoutGhTheInstallCommandIsNamed() throws Exception {
        Files.delete(cli.bin().resolve("gh"));
        cli.env("PATH", cli.bin().toString());
        CliRun.Result r = cli.run("auth", "github");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("install it: "), r.stderr());
    }

    @Test
    void aRemoteServerWithoutGitHubNeedsAnInvite() {
        github.state().approveDeviceLoginAs(null);
        CliRun.Result r = cli.run("ssh", "setup");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("nexus auth invite"), r.stderr());
    }

    @Test
    void anInviteRegistersWithoutGitHub() throws Exception {
        String invite;
        try (var admin = new nexus.cli.api.ServerClient(server.url(), server.adminToken(), "")) {
            invite = admin.invite("designer").inviteToken();
        }
        CliRun.Result r = cli.run("auth", "invite", invite, "--json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("designer", r.jsonObject().string("username"));
        assertEquals("invite", r.jsonObject().string("via"));
        CliRun.Result reuse = cli.run("auth", "invite", invite);
        assertEquals(3, reuse.exit(), "an invite is single-use: " + reuse);
    }

    @Test
    void aRejectedTokenAndAnUnreachableServerNameTheNextStep() {
        cli.env("NEXUS_TOKEN", "nxu_not-a-real-token");
        CliRun.Result bad = cli.run("ssh", "setup", "--json");
        assertEquals(3, bad.exit(), bad.toString());
        assertTrue(bad.jsonObject().string("next").contains("unset NEXUS_TOKEN"), bad.stdout());

        CliRun.Result down = cli.run("ws", "list", "--json", "--server", "http://127.0.0.1:" + ServerProcess.freePort());
        assertEquals(6, down.exit(), down.toString());
        assertEquals("server_unreachable", down.jsonObject().string("error"));
        assertTrue(down.jsonObject().string("next").contains("nexus doctor"), down.stdout());
    }
}
