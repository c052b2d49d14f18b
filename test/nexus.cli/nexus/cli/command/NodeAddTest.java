package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nexus.cli.DocumentedSchemas;
import nexus.cli.ServerProcess;
import nexus.cli.Sshd;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `nexus node add` for real: the CLI runtime (build/image/nexus, whose sibling nexus-server runtime it copies)
 * adds "a machine" reached over SSH — a real sshd on loopback — to a real server: it copies the runtime into an
 * install directory there, starts the agent on a bridge and subnet of the test's own (so it never shares them with
 * a real installation on this host) and waits for the node to come online. An unknown host key is refused, and an
 * agent that stops at once is reported with its log.
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.SSHD, HostRequirement.SSH})
class NodeAddTest {
    static final Path IMAGES = Path.of(System.getProperty("nexus.build"), "image");
    static final String BRIDGE = "nxnodeadd0";

    @TempDir
    Path tmp;
    Path home;
    Path key;
    Sshd sshd;
    FakeGitHub github;
    ServerProcess server;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(IMAGES.resolve("nexus/bin/nexus"))
                && Files.isExecutable(IMAGES.resolve("nexus-server/bin/nexus-agent")),
                "the runtimes are not built (./build.sh image; a full ./build.sh test builds them)");
        Assumptions.assumeTrue(ProcessRunner.of(IMAGES.resolve("nexus-server/bin/nexus-agent").toString(), "--help").run().ok(),
                "this build's nexus-agent cannot serve yet");
        home = Files.createDirectories(tmp.resolve("home"));
        key = home.resolve(".ssh/id_ed25519");
        Files.createDirectories(key.getParent());
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).check();
        sshd = new Sshd(tmp.resolve("sshd"), Files.readString(home.resolve(".ssh/id_ed25519.pub")).strip());
        github = FakeGitHub.start();
        server = ServerProcess.start(tmp.resolve("server"), github.apiUrl(), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        Path pid = tmp.resolve("node/agent.pid");
        if (Files.exists(pid)) {
            // SIGTERM, then wait: the agent holds no workspace, so it removes its bridge and firewall chains as it
            // stops; closing sshd first would kill it mid-way and leave them on the host.
            Optional<ProcessHandle> agent = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
            agent.ifPresent(ProcessHandle::destroy);
            if (agent.isPresent()) {
                agent.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
        if (server != null) {
            server.close();
            github.close();
            sshd.close();
        }
    }

    private ProcessRunner.Result nodeAdd(String... more) {
        List<String> command = new java.util.ArrayList<>(List.of(IMAGES.resolve("nexus/bin/nexus").toString(), "node", "add",
                "root@127.0.0.1", "--port", Integer.toString(sshd.port), "--name", "node-two", "--server-url", server.url(),
                "--install-dir", tmp.resolve("node").toString(), "--identity", key.toString(),
                "--admin-token-file", server.data().resolve("admin.token").toString(), "--server", server.url(),
                "--driver", "sandbox", "--bridge", BRIDGE, "--timeout", "90s", "--json"));
        command.addAll(List.of(more));
        return ProcessRunner.of(command)
                .env(Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin")).unsetEnv("NEXUS_SERVER")
                .timeout(Duration.ofMinutes(5)).run();
    }

    private void trustSshd() throws Exception {
        Files.writeString(home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + sshd.port + " " + sshd.hostKeyLine + "\n");
    }

    private static boolean bridgeExists() {
        return ProcessRunner.of("ip", "link", "show", "dev", BRIDGE).run().ok();
    }

    @Test
    void anUnknownHostKeyIsRefusedThenTheMachineBecomesANode() throws Exception {
        ProcessRunner.Result unknown = nodeAdd();
        assertEquals(3, unknown.exitCode(), unknown.stdout() + unknown.stderr());
        JsonObject e = JsonCodec.parseObject(unknown.stdout());
        assertEquals("unknown_host_key", e.string("error"));
        assertTrue(e.string("next").contains("ssh -p " + sshd.port + " root@127.0.0.1"), e.toString());

        trustSshd();
        ProcessRunner.Result added = nodeAdd("--subnet", "10.213.0.0/24");
        assertEquals(0, added.exitCode(), added.stdout() + added.stderr());
        JsonObject node = JsonCodec.parseObject(added.stdout());
        DocumentedSchemas.check("node", node);
        assertEquals("node-two", node.string("name"));
        assertEquals("online", node.string("state"));
        assertTrue(Files.isExecutable(tmp.resolve("node/nexus-server/bin/nexus-agent")), "the runtime was copied");
        assertTrue(Files.readString(tmp.resolve("node/agent.pid")).strip().matches("\\d+"));
        assertTrue(bridgeExists(), "the agent runs on the bridge it was given");
        assertTrue(ProcessRunner.of("ip", "-o", "-4", "addr", "show", "dev", BRIDGE).run().stdout().contains("10.213.0.1/24"),
                "the bridge has the first address of the subnet it was given");
    }

    @Test
    void anAgentThatStopsAtOnceIsReportedWithItsLogInsteadOfAfterTheTimeout() throws Exception {
        trustSshd();
        // the CLI checks only the shape; the agent refuses a /30 (too small for workspaces) and exits
        ProcessRunner.Result refused = nodeAdd("--subnet", "10.213.0.0/30");
        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        JsonObject e = JsonCodec.parseObject(refused.stdout());
        assertEquals("agent_exited", e.string("error"));
        assertTrue(e.string("message").contains("subnet prefix must be between /8 and /28, got /30"), e.toString());
        assertFalse(bridgeExists(), "an agent that refused its subnet made no bridge");
    }

    @Test
    void aBridgeOrSubnetThatCannotBeOneIsRefusedBeforeConnecting() {
        // no known_hosts entry: getting past the usage checks would fail with unknown_host_key instead
        for (List<String> bad : List.of(List.of("--bridge", "-x"), List.of("--bridge", "a-name-far-too-long"),
                List.of("--subnet", "10.213.0.0"), List.of("--subnet", "10.213.0.0/24; true"))) {
            ProcessRunner.Result r = nodeAdd(bad.toArray(String[]::new));
            assertEquals(2, r.exitCode(), bad + ": " + r.stdout() + r.stderr());
            assertTrue(JsonCodec.parseObject(r.stdout()).string("message").startsWith(bad.getFirst() + " "), bad + ": " + r.stdout());
        }
    }
}
