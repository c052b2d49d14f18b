package nexus.cli.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.CliRun;
import nexus.cli.Env;
import nexus.cli.ExitCode;
import nexus.cli.Programs;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitHubCli} driving the testkit's fake gh, which shares its state with the fake GitHub API. */
class GitHubCliTest {
    @TempDir
    Path tmp;
    FakeGitHub github;
    CliRun world;
    GitHubCli gh;

    @BeforeEach
    void setUp() {
        github = FakeGitHub.start();
        github.state().addUser("octocat", "The Octocat");
        world = new CliRun(tmp);
        github.installGh(world.bin());
        gh = new GitHubCli(new Programs(new Env(world.env(), tmp, System.in, System.out, System.err, false, false)));
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private void logIn() {
        github.state().approveDeviceLoginAs("octocat");
        gh.login();
    }

    @Test
    void notLoggedInIsReportedAndCommandsNameTheLoginStep() {
        assertTrue(gh.installed());
        assertFalse(gh.loggedIn());
        CliException e = assertThrows(CliException.class, gh::user);
        assertEquals(ExitCode.AUTH, e.exit());
        assertTrue(e.next().contains("nexus auth github"), e.next());
    }

    @Test
    void browserLoginThenUserTokenAndStatus() {
        logIn();
        assertTrue(gh.loggedIn());
        assertEquals("octocat", gh.user().string("login"));
        String token = gh.token();
        assertTrue(token.startsWith("gho_"), token);
        assertEquals("octocat", github.state().userForToken(token).orElseThrow().login());
        assertTrue(Files.isRegularFile(world.home().resolve(".config/gh/hosts.yml")));
        List<List<String>> calls = github.state().ghCalls();
        assertEquals(List.of("auth", "login", "--web"), calls.getFirst().subList(0, 3));
        assertEquals(List.of("auth", "status"), calls.get(1), "login is verified with gh auth status");
    }

    @Test
    void deniedLoginFailsWithTheManualStep() {
        CliException e = assertThrows(CliException.class, gh::login);
        assertEquals(ExitCode.AUTH, e.exit());
        assertTrue(e.next().contains("gh auth login"), e.next());
    }

    @Test
    void sshKeysAddListAndDuplicateIsNotAnError() throws Exception {
        logIn();
        assertEquals(List.of(), gh.sshKeys());
        Path pub = tmp.resolve("id.pub");
        Files.writeString(pub, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests0000000000000000000000000 me@laptop\n");
        gh.addSshKey(pub, "laptop");
        assertEquals(List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests0000000000000000000000000"), gh.sshKeys());
        gh.addSshKey(pub, "again");
        assertEquals(1, gh.sshKeys().size());
        assertEquals("laptop", github.state().sshKeys("octocat").getFirst().title());
    }

    @Test
    void repoViewOwnedNotOwnedNotFoundAndFork() {
        logIn();
        github.state().addUser("acme", null);
        github.state().addRepo("octocat", "mine", false);
        github.state().addRepo("acme", "shop", false);
        github.state().addRepo("acme", "secret", true);

        GhRepo mine = gh.repo("octocat/mine");
        assertTrue(mine.writableBy("octocat"));
        assertEquals("ADMIN", mine.viewerPermission());
        assertEquals("main", mine.defaultBranch());

        GhRepo shop = gh.repo("acme/shop");
        assertFalse(shop.writableBy("octocat"));
        assertEquals("READ", shop.viewerPermission());

        CliException missing = assertThrows(CliException.class, () -> gh.repo("acme/secret"));
        assertEquals(ExitCode.NOT_FOUND, missing.exit());
        assertTrue(missing.next().contains("owner/name"), missing.next());

        gh.fork("acme/shop");
        GhRepo fork = gh.repo("octocat/shop");
        assertTrue(fork.isFork());
        assertEquals("acme/shop", fork.parent());
        gh.fork("acme/shop"); // forking again is fine: gh says it exists
        assertEquals(1, github.state().repos().stream().filter(r -> r.fullName().equals("octocat/shop")).count());

        github.state().addCollaborator("acme/shop", "octocat", "push");
        assertTrue(gh.repo("acme/shop").writableBy("octocat"));
    }

    @Test
    void missingGhNamesTheInstallCommand() {
        GitHubCli none = new GitHubCli(new Programs(new Env(java.util.Map.of("HOME", tmp.toString(), "PATH", tmp.resolve("empty").toString()),
                tmp, System.in, System.out, System.err, false, false)));
        CliException e = assertThrows(CliException.class, none::user);
        assertTrue(e.next().contains("install it: "), e.next());
    }
}
