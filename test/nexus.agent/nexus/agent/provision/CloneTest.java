package nexus.agent.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nexus.agent.NodeFixture;
import nexus.agent.TestNode;
import nexus.agent.network.Subnet;
import nexus.core.api.DesiredState;
import nexus.core.api.Repository;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every repository source of DESIGN §3 into real workspaces, and what the clone leaves behind (no token). */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.GIT, HostRequirement.IPROUTE})
class CloneTest {
    @RegisterExtension
    static final NodeFixture FIXTURE = new NodeFixture("lxc");

    private static TestNode node() {
        return FIXTURE.node();
    }

    private static WorkspaceSpec spec(String url, String branch, String token) throws Exception {
        WorkspaceSpec s = node().spec(url, NodeFixture.UNUSED_KEY, 2);
        return new WorkspaceSpec(s.workspaceId(), s.name(), s.ownerId(), s.owner(), DesiredState.RUNNING, 1, 0,
                new Repository(url, null, null, branch), null, null, "services: {}\n", s.sshPort(), s.servicePorts(),
                s.authorizedKeys(), token, false);
    }

    /** A repository with a main and a feature branch, each with its own marker file. */
    private static Path repository(Path dir) {
        git(dir.getParent(), "init", "-q", "-b", "main", dir.toString());
        git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
        git(dir, "checkout", "-q", "-b", "feature");
        write(dir.resolve("FEATURE"), "from the feature branch\n");
        git(dir, "add", "FEATURE");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "feature");
        git(dir, "checkout", "-q", "main");
        return dir;
    }

    @Test
    void privateRemoteCloneUsesTheTokenOnceAndLeavesItNowhere(@TempDir Path tmp) throws Exception {
        Path served = Files.createDirectory(tmp.resolve("served"));
        Path src = repository(tmp.resolve("src"));
        git(tmp, "clone", "-q", "--bare", src.toString(), served.resolve("private.git").toString());
        git(served.resolve("private.git"), "update-server-info");
        Path script = tmp.resolve("server.py");
        try (var in = CloneTest.class.getResourceAsStream("git_http_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        String token = "nxtest_" + Long.toHexString(System.nanoTime()) + "secret";
        String gateway = Subnet.format(node().options.subnet().gateway());
        Process server = new ProcessBuilder("python3", script.toString(), served.toString(), gateway, token).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream())).readLine().strip());
            String url = "http://" + gateway + ":" + port + "/private.git";

            WorkspaceSpec wrong = spec(url, null, "not-the-token");
            node().apply(wrong);
            ObservedWorkspace failed = node().awaitMatching(wrong.workspaceId(), o -> o.state() == WorkspaceState.ERROR,
                    Duration.ofMinutes(10), "a clone error");
            assertEquals("clone_failed", failed.error().code());
            assertFalse(failed.error().toJson().toString().contains("not-the-token"), failed.error().toJson().toString());

            WorkspaceSpec spec = spec(url, "feature", token);
            node().apply(spec);
            node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
            assertEquals("from the feature branch\n", node().exec(spec.workspaceId(), "cat", "/home/dev/workspace/FEATURE"));
            assertEquals(url + "\n", node().exec(spec.workspaceId(), "git", "-C", "/home/dev/workspace", "remote", "get-url", "origin"));
            String leaked = ProcessRunner.of("grep", "-rl", "--", token, node().options.stateDir().toString()).run().stdout();
            assertEquals("", leaked, "the token is in no file of the workspace or the agent's state");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void localRepositoryHonoursTheBranchAndUnsavedWorkBlocksDeletion(@TempDir Path tmp) throws Exception {
        Path src = repository(tmp.resolve("src"));
        WorkspaceSpec spec = spec(src.toUri().toString(), "feature", null);
        node().apply(spec);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        ObservedWorkspace ws = checked(spec);
        assertEquals("feature\n", node().exec(spec.workspaceId(), "git", "-C", "/home/dev/workspace", "branch", "--show-current"));
        assertEquals(0, ws.repoState().uncommittedFiles());
        assertEquals(0, ws.repoState().unpushedCommits());

        node().exec(spec.workspaceId(), "sh", "-c", "cd ~/workspace && echo work > new.txt && echo more >> FEATURE");
        node().apply(TestNode.with(spec, DesiredState.DELETED, 2));
        ObservedWorkspace refused = node().awaitMatching(spec.workspaceId(), o -> o.state() == WorkspaceState.ERROR, Duration.ofMinutes(1),
                "an unsaved-work error");
        assertEquals("unsaved_work", refused.error().code());
        assertEquals(2, refused.repoState().uncommittedFiles());
        assertEquals("work\n", node().exec(spec.workspaceId(), "cat", "/home/dev/workspace/new.txt"), "nothing was deleted");

        WorkspaceSpec forced = new WorkspaceSpec(spec.workspaceId(), spec.name(), spec.ownerId(), spec.owner(), DesiredState.DELETED, 3, 0,
                spec.repo(), null, null, spec.config(), spec.sshPort(), spec.servicePorts(), spec.authorizedKeys(), null, true);
        node().apply(forced);
        node().await(spec.workspaceId(), WorkspaceState.DELETED, 3, Duration.ofMinutes(1));
    }

    @Test
    void aDirectoryInsideAWorkTreeIsImportedAsAFreshRepository() throws Exception {
        WorkspaceSpec spec = spec(TestNode.example("hello-node").toString(), null, null);
        node().apply(spec);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        ObservedWorkspace ws = checked(spec);
        assertTrue(node().exec(spec.workspaceId(), "cat", "/home/dev/workspace/.nexus/config.yaml").contains("api:"));
        assertEquals("1\n", node().exec(spec.workspaceId(), "git", "-C", "/home/dev/workspace", "rev-list", "--count", "HEAD"));
        assertEquals(0, ws.repoState().unpushedCommits());
        assertEquals(0, ws.repoState().uncommittedFiles());

        node().exec(spec.workspaceId(), "sh", "-c", "cd ~/workspace && echo x > x && git add x && git -c user.name=d -c user.email=d@d commit -qm x");
        node().apply(TestNode.with(spec, DesiredState.STOPPED, 2));
        ObservedWorkspace stopped = node().await(spec.workspaceId(), WorkspaceState.STOPPED, 2, Duration.ofMinutes(1));
        assertEquals(1, stopped.repoState().unpushedCommits(), "a commit after the import is unpushed work");
    }

    /** The observation once the repository check that follows reaching running has been reported. */
    private static ObservedWorkspace checked(WorkspaceSpec spec) throws InterruptedException {
        return node().awaitMatching(spec.workspaceId(), o -> o.state() == WorkspaceState.RUNNING && o.repoState() != null,
                Duration.ofSeconds(30), "a repository check");
    }

    private static void git(Path dir, String... args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
        argv.addAll(java.util.List.of(args));
        ProcessRunner.of(argv).check();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
