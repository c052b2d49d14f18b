package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * install directory there, starts the agent and waits for the node to come online. An unknown host key is refused.
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.SSHD, HostRequirement.SSH})
class NodeAddTest {
    static final Path IMAGES = Path.of(System.getProperty("nexus.build"), "image");

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

    private ProcessRunner.Result nodeAdd() {
        return ProcessRunner.of(IMAGES.resolve("nexus/bin/nexus").toString(), "node", "add", "root@127.0.0.1",
                        "--port", Integer.toString(sshd.port), "--name", "node-two", "--server-url", server.url(),
                        "--install-dir", tmp.resolve("node").toString(), "--identity", key.toString(),
                        "--admin-token-file", server.data().resolve("admin.token").toString(), "--server", server.url(),
                        "--driver", "sandbox", "--timeout", "90s", "--json")
                .env(Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin")).unsetEnv("NEXUS_SERVER")
                .timeout(Duration.ofMinutes(5)).run();
    }

    @Test
    void anUnknownHostKeyIsRefusedThenTheMachineBecomesANode() throws Exception {
        ProcessRunner.Result unknown = nodeAdd();
        assertEquals(3, unknown.exitCode(), unknown.stdout() + unknown.stderr());
        JsonObject e = JsonCodec.parseObject(unknown.stdout());
        assertEquals("unknown_host_key", e.string("error"));
        assertTrue(e.string("next").contains("ssh -p " + sshd.port + " root@127.0.0.1"), e.toString());

        Files.writeString(home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + sshd.port + " " + sshd.hostKeyLine + "\n");
        ProcessRunner.Result added = nodeAdd();
        assertEquals(0, added.exitCode(), added.stdout() + added.stderr());
        JsonObject node = JsonCodec.parseObject(added.stdout());
        DocumentedSchemas.check("node", node);
        assertEquals("node-two", node.string("name"));
        assertEquals("online", node.string("state"));
        assertTrue(Files.isExecutable(tmp.resolve("node/nexus-server/bin/nexus-agent")), "the runtime was copied");
        assertTrue(List.of(Files.readString(tmp.resolve("node/agent.pid")).strip()).getFirst().matches("\\d+"));
    }
}
