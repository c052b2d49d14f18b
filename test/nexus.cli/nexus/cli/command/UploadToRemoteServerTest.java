package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.ServerProcess;
import nexus.cli.api.ServerClient;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.Repository;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nexus up ./dir} against a server on another machine: the server runs in a network namespace of its own
 * (reached over a veth pair, plain HTTP allowed with --insecure), with no local node and no allowed host paths;
 * a separate agent on a bridge and subnet of the test's own is its only node. The checkout travels as an upload —
 * its branches, the branch checked out, its uncommitted changes (modified, deleted, new; ignored files stay home)
 * and its upstream as origin — and a path on the node is refused.
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.SSH, HostRequirement.GIT, HostRequirement.IPROUTE,
        HostRequirement.IPTABLES})
class UploadToRemoteServerTest {
    private static final String NETNS = "nxupload-srv";
    private static final String VETH_HOST = "nxupload-h";
    private static final String VETH_SERVER = "nxupload-s";
    private static final String HOST_IP = "10.217.0.1";
    private static final String SERVER_IP = "10.217.0.2";
    private static final String BRIDGE = "nxupload0";
    private static final String SUBNET = "10.216.0.0/24";
    /** The base image every test run on this host shares (built once; see the agent tests' TestNode). */
    private static final String IMAGE_CACHE = "/var/tmp/nexus-test-images";

    @TempDir
    Path tmp;
    Process server;
    Process agent;
    CliRun cli;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        cleanNetwork();
        ip("netns", "add", NETNS);
        ip("link", "add", VETH_HOST, "type", "veth", "peer", "name", VETH_SERVER);
        ip("link", "set", VETH_SERVER, "netns", NETNS);
        ip("addr", "add", HOST_IP + "/30", "dev", VETH_HOST);
        ip("link", "set", VETH_HOST, "up");
        ip("netns", "exec", NETNS, "ip", "addr", "add", SERVER_IP + "/30", "dev", VETH_SERVER);
        ip("netns", "exec", NETNS, "ip", "link", "set", VETH_SERVER, "up");
        ip("netns", "exec", NETNS, "ip", "link", "set", "lo", "up");

        Path data = tmp.resolve("server");
        url = "http://" + SERVER_IP + ":3001";
        List<String> serve = new ArrayList<>(List.of("ip", "netns", "exec", NETNS));
        serve.addAll(ServerProcess.javaCommand());
        serve.addAll(List.of("serve", "--data", data.toString(), "--listen", SERVER_IP + ":3001", "--insecure", "--no-local-node"));
        server = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile()).start();
        awaitHealthy();
        String admin = Files.readString(data.resolve("admin.token")).strip();
        String nodeToken;
        String invite;
        try (ServerClient api = new ServerClient(url, admin, "")) {
            nodeToken = api.nodeToken("remote-node").token();
            invite = api.invite("traveller").inviteToken();
        }

        List<String> serveAgent = new ArrayList<>(ServerProcess.javaCommand());
        serveAgent.set(serveAgent.size() - 1, "nexus.agent/nexus.agent.Main");
        int base = 24000 + new java.util.Random().nextInt(50) * 100;
        serveAgent.addAll(List.of("serve", "--server", url, "--token", nodeToken, "--driver", "lxc",
                "--state", tmp.resolve("agent").toString(), "--bridge", BRIDGE, "--subnet", SUBNET, "--image-cache", IMAGE_CACHE,
                "--advertise", HOST_IP, "--ssh-ports", base + "-" + (base + 9), "--service-ports", (base + 10) + "-" + (base + 99)));
        agent = new ProcessBuilder(serveAgent).redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();

        cli = new CliRun(tmp);
        assertEquals(0, cli.run("server", url).exit());
        CliRun.Result registered = cli.run("auth", "invite", invite);
        assertEquals(0, registered.exit(), registered.toString());
        awaitNode(admin);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cli != null) {
            for (String ws : List.of("shop", "shop-committed")) {
                cli.run("ws", "delete", ws, "--yes", "--force", "--timeout", "2m");
            }
        }
        stop(agent);
        stop(server);
        cleanNetwork();
        assertFalse(Files.exists(Path.of("/sys/class/net", BRIDGE)), "the agent removed its bridge");
    }

    @Test
    void aCheckoutWithUncommittedWorkReachesAWorkspaceOnAnotherMachine() throws Exception {
        Path shop = checkout(tmp.resolve("shop"));
        cli.cwd(tmp);
        CliRun.Result up = cli.run("up", "./shop", "--editor", "none", "--no-forward", "--json", "--timeout", "5m");
        assertEquals(0, up.exit(), up.toString());
        DocumentedSchemas.check("up", up.json());
        JsonObject repo = up.jsonObject().object("workspace").object("repository");
        assertTrue(repo.string("upload").startsWith("upl-"), repo.toString());
        assertEquals("https://github.com/acme/shop.git", repo.string("url"));
        assertTrue(repo.string("source").endsWith(":" + shop.toRealPath()), repo.toString());
        String uploaded = up.jsonObject().array("steps").objects(o -> o).stream().filter(o -> o.string("name").equals("upload"))
                .findFirst().orElseThrow().string("detail");
        assertTrue(uploaded.contains("branch feature (and 1 other branch) with your uncommitted changes (3 files)"), uploaded);

        assertEquals("feature", exec("shop", "git -C ~/workspace symbolic-ref --short HEAD"));
        assertEquals(Set.of(" M index.html", " D old.txt", "?? new.txt"),
                Set.copyOf(exec("shop", "git -C ~/workspace status --porcelain").lines().toList()));
        assertEquals("hello, changed", exec("shop", "cat ~/workspace/index.html"));
        assertEquals("https://github.com/acme/shop.git", exec("shop", "git -C ~/workspace remote get-url origin"));
        assertEquals("no", exec("shop", "test -e ~/workspace/debug.log && echo yes || echo no"), "ignored files stay home");
        assertEquals("main\nfeature", exec("shop", "git -C ~/workspace branch -r --format='%(refname:lstrip=3)' | grep -v HEAD | sort -r"));
        assertEquals(" M index.html", ProcessRunner.of("git", "-C", shop.toString(), "status", "--porcelain").check().stdout()
                .lines().filter(l -> l.contains("index.html")).findFirst().orElseThrow(), "the checkout itself is untouched");

        CliRun.Result committed = cli.run("ws", "create", "./shop", "--name", "shop-committed", "--committed-only", "--json",
                "--timeout", "5m");
        assertEquals(0, committed.exit(), committed.toString());
        assertEquals("", exec("shop-committed", "git -C ~/workspace status --porcelain"));
        assertEquals("hello", exec("shop-committed", "cat ~/workspace/index.html"));

        try (ServerClient api = new ServerClient(url, credentialsToken(), "")) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(nexus.cli.api.ApiException.class, () -> api.create(
                    new CreateWorkspaceRequest("by-path", new Repository(shop.toString(), null, null, null), null, null, null, null),
                    "k1"));
            assertEquals(403, refused.status(), "a path on the node is not the way: " + refused.getMessage());
        }
    }

    /** A checkout on branch feature with one more commit than main, and three uncommitted changes. */
    private static Path checkout(Path dir) throws Exception {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("index.html"), "hello\n");
        Files.writeString(dir.resolve("old.txt"), "old\n");
        Files.writeString(dir.resolve(".gitignore"), "*.log\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-qm", "first");
        git(dir, "checkout", "-qb", "feature");
        Files.writeString(dir.resolve("feature.txt"), "feature\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-qm", "feature");
        git(dir, "remote", "add", "origin", "git@github.com:acme/shop.git");
        git(dir, "update-ref", "refs/remotes/origin/main", "main");
        Files.writeString(dir.resolve("index.html"), "hello, changed\n");
        Files.delete(dir.resolve("old.txt"));
        Files.writeString(dir.resolve("new.txt"), "new\n");
        Files.writeString(dir.resolve("debug.log"), "secret\n");
        return dir;
    }

    private static void git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@e"));
        argv.addAll(List.of(args));
        ProcessRunner.of(argv).check();
    }

    private String exec(String ws, String command) {
        CliRun.Result r = cli.run("ws", "exec", ws, "--", "sh", "-c", command);
        assertEquals(0, r.exit(), command + ": " + r);
        return r.stdout().stripTrailing();
    }

    private String credentialsToken() throws Exception {
        JsonObject creds = nexus.core.json.JsonCodec.parseObject(Files.readString(cli.home().resolve(".config/nexus/credentials.json")));
        return creds.object("servers").object(url).string("token");
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), () -> "the server stopped: " + log("server.log"));
            try (ServerClient c = new ServerClient(url, null, "")) {
                c.health();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the server in its namespace did not answer: " + log("server.log"));
    }

    private void awaitNode(String admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (ServerClient c = new ServerClient(url, admin, "")) {
            while (System.nanoTime() < deadline) {
                assertTrue(agent.isAlive(), () -> "the agent stopped: " + log("agent.log"));
                if (c.nodes().stream().anyMatch(n -> n.state().wire().equals("online"))) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the agent did not come online: " + log("agent.log"));
    }

    private String log(String name) {
        try {
            return Files.readString(tmp.resolve(name));
        } catch (java.io.IOException e) {
            return "(no " + name + ")";
        }
    }

    private static void stop(Process p) throws Exception {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        ProcessRunner.of(argv).check();
    }

    private static void cleanNetwork() {
        ProcessRunner.of("ip", "link", "del", VETH_HOST).run();
        ProcessRunner.of("ip", "netns", "del", NETNS).run();
    }

}
