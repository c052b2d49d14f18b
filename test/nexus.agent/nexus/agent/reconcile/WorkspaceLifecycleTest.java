package nexus.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nexus.agent.TestNode;
import nexus.agent.network.Attachment;
import nexus.core.api.DesiredState;
import nexus.core.api.Health;
import nexus.core.api.ServiceState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lifecycle of a workspace on each driver, against real containers or sandboxes, sshd and iptables:
 * create, SSH with the reported host key pinned, services through their node ports, stop, start (data kept),
 * delete (nothing left on the host).
 */
class WorkspaceLifecycleTest {

    @Test
    @SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.SSH,
            HostRequirement.GIT, HostRequirement.IPROUTE})
    void lxc(@TempDir Path tmp) throws Exception {
        try (TestNode node = TestNode.start("lxc")) {
            lifecycle(node, tmp);
        }
    }

    @Test
    @SystemTest({HostRequirement.ROOT, HostRequirement.BWRAP, HostRequirement.SSHD, HostRequirement.SSH,
            HostRequirement.GIT, HostRequirement.IPROUTE, HostRequirement.NODE})
    void sandbox(@TempDir Path tmp) throws Exception {
        try (TestNode node = TestNode.start("sandbox")) {
            lifecycle(node, tmp);
        }
    }

    private static void lifecycle(TestNode node, Path tmp) throws Exception {
        List<String> key = TestNode.sshKey(tmp);
        WorkspaceSpec spec = node.spec(TestNode.example("hello-node").toString(), key.get(1), 2);
        node.apply(spec);
        ObservedWorkspace ws = node.await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));

        ServiceStatus api = ws.services().get("api");
        ServiceStatus web = ws.services().get("web");
        assertEquals(ServiceState.RUNNING, api.status());
        assertEquals(Health.HEALTHY, api.health());
        assertEquals(ServiceState.RUNNING, web.status());
        assertEquals(spec.servicePorts().get(0), api.mappedPort());
        assertEquals(spec.servicePorts().get(1), web.mappedPort());
        assertEquals(2, ws.hostKeys().size(), "ed25519 and ecdsa host keys: " + ws.hostKeys());

        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, ws.hostKeys().stream().map(k -> "[127.0.0.1]:" + spec.sshPort() + " " + k + "\n")
                .reduce("", String::concat));
        assertEquals("dev\n", ssh(key.get(0), knownHosts, spec.sshPort(), "whoami; echo before-stop > ~/marker").stdout());
        assertEquals("hello-node", ssh(key.get(0), knownHosts, spec.sshPort(),
                "cd ~/workspace && git log -1 --format=%s >/dev/null && node -p \"require('./package.json').name\"").stdout().strip());

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.mappedPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("hello-node"), page.body());
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.mappedPort()
                    + "/api/hello?name=test")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(hello.body().contains("Hello, test!"), hello.body());
        }

        node.apply(TestNode.with(spec, DesiredState.STOPPED, 2));
        node.await(spec.workspaceId(), WorkspaceState.STOPPED, 2, Duration.ofMinutes(1));
        node.apply(TestNode.with(spec, DesiredState.RUNNING, 3));
        ObservedWorkspace again = node.await(spec.workspaceId(), WorkspaceState.RUNNING, 3, Duration.ofMinutes(2));
        assertEquals(ws.hostKeys(), again.hostKeys(), "host keys survive a stop");
        assertEquals("before-stop\n", ssh(key.get(0), knownHosts, spec.sshPort(), "cat ~/marker").stdout());
        assertEquals(Health.HEALTHY, again.services().get("web").health());

        ProcessRunner.Result rm = ssh(key.get(0), knownHosts, spec.sshPort(), "rm ~/marker");
        assertEquals(0, rm.exitCode(), rm.stderr());

        // the owner's keys change (a key added, the old one removed): exactly the new keys log in
        List<String> other = TestNode.sshKey(java.nio.file.Files.createDirectory(tmp.resolve("other")));
        WorkspaceSpec rekeyed = new WorkspaceSpec(spec.workspaceId(), spec.name(), spec.ownerId(), spec.owner(), DesiredState.RUNNING, 4,
                0, spec.repo(), null, null, null, spec.sshPort(), spec.servicePorts(), List.of(other.get(1)), null, false);
        node.apply(rekeyed);
        node.await(spec.workspaceId(), WorkspaceState.RUNNING, 4, Duration.ofMinutes(1));
        assertEquals(0, ssh(other.get(0), knownHosts, spec.sshPort(), "true").exitCode());
        assertEquals(255, ssh(key.get(0), knownHosts, spec.sshPort(), "true").exitCode(), "the removed key no longer works");
        Attachment address = node.node.network().addresses().attachment(
                nexus.agent.network.Subnet.parseAddress(ws.ip()));
        node.apply(TestNode.with(spec, DesiredState.DELETED, 5));
        node.await(spec.workspaceId(), WorkspaceState.DELETED, 5, Duration.ofMinutes(1));
        assertEquals(List.of(), node.leftovers(spec.workspaceId(), ws.ip(), address.hostInterface()));
    }

    static ProcessRunner.Result ssh(String key, Path knownHosts, int port, String command) {
        return ProcessRunner.of("ssh", "-i", key, "-p", Integer.toString(port), "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "dev@127.0.0.1", command)
                .timeout(Duration.ofSeconds(30)).run();
    }
}
