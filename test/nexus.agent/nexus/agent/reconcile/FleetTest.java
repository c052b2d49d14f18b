package nexus.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nexus.agent.NodeFixture;
import nexus.agent.TestNode;
import nexus.agent.driver.Exec;
import nexus.core.api.Health;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many workspaces on one node: concurrent creation, isolation from each other, re-adoption by a new agent. */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.GIT, HostRequirement.IPROUTE})
class FleetTest {
    @RegisterExtension
    static final NodeFixture FIXTURE = new NodeFixture("lxc");

    private static TestNode node() {
        return FIXTURE.node();
    }

    @Test
    void tenConcurrentWorkspacesAreDistinctAndCannotReachEachOther() throws Exception {
        List<WorkspaceSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            specs.add(node().spec(TestNode.example("static-site").toString(), NodeFixture.UNUSED_KEY, 1));
        }
        specs.forEach(node()::apply);
        List<ObservedWorkspace> all = new ArrayList<>();
        for (WorkspaceSpec s : specs) {
            all.add(node().await(s.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10)));
        }
        Set<String> addresses = new HashSet<>();
        Set<String> hostKeys = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            addresses.add(all.get(i).ip());
            hostKeys.addAll(all.get(i).hostKeyFingerprints());
            assertEquals(Health.HEALTHY, all.get(i).services().get("web").health());
            assertEquals("SSH-", TestNode.banner("127.0.0.1", specs.get(i).sshPort()), "ssh forward of workspace " + i);
        }
        assertEquals(10, addresses.size(), "distinct addresses " + addresses);
        assertEquals(20, hostKeys.size(), "every workspace has its own host keys");

        String other = all.get(1).ip();
        String self = all.get(0).ip();
        String probe = "exec 3<>/dev/tcp/$0/$1 && echo open || echo closed";
        assertEquals("open\n", inside(specs.get(0), probe, self, "22"), "a workspace reaches its own sshd");
        assertEquals("closed\n", inside(specs.get(0), probe, other, "22"), "but not another workspace's sshd");
        assertEquals("closed\n", inside(specs.get(0), probe, other, "8080"), "nor its services");
        assertEquals("SSH-", TestNode.banner(other, 22), "the host reaches both");
    }

    @Test
    void aNewAgentAdoptsRunningWorkspacesWithoutRestartingServices() throws Exception {
        WorkspaceSpec spec = TestNode.withConfig(node().spec(TestNode.example("static-site").toString(), NodeFixture.UNUSED_KEY, 1), """
                services:
                  web:
                    command: exec python3 -m http.server 8080
                    port: 8080
                    health_check: {type: http, path: /}
                """);
        node().apply(spec);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        String pid = node().exec(spec.workspaceId(), "cat", "/home/dev/.nexus/run/web.pid");

        node().restartAgent();
        node().apply(spec);
        ObservedWorkspace again = node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(2));
        assertEquals(Health.HEALTHY, again.services().get("web").health());
        assertEquals(pid, node().exec(spec.workspaceId(), "cat", "/home/dev/.nexus/run/web.pid"), "the service was not restarted");
        assertEquals(0, again.services().get("web").restarts());
        assertNotEquals("", pid.strip());
    }

    private static String inside(WorkspaceSpec spec, String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("timeout", "3", "bash", "-c", script));
        argv.addAll(List.of(args));
        ProcessRunner.Result r = node().node.driver().exec("nexus-" + spec.workspaceId(), Exec.asDev(argv));
        return r.ok() ? r.stdout() : "closed\n";
    }
}
