package nexus.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import nexus.agent.NodeFixture;
import nexus.agent.TestNode;
import nexus.core.api.Health;
import nexus.core.api.ServiceState;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Service supervision on real workspaces: start order, health-check failures, restarts, env. */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.GIT, HostRequirement.IPROUTE})
class ServicesTest {
    @RegisterExtension
    static final NodeFixture FIXTURE = new NodeFixture("lxc");

    private static TestNode node() {
        return FIXTURE.node();
    }

    private static WorkspaceSpec create(String config) throws Exception {
        WorkspaceSpec spec = TestNode.withConfig(node().spec(TestNode.example("static-site").toString(), NodeFixture.UNUSED_KEY, 3), config);
        node().apply(spec);
        return spec;
    }

    @Test
    void servicesStartInDependencyOrderWithTheirEnvironment() throws Exception {
        WorkspaceSpec spec = create("""
                env: {GREETING: hi}
                services:
                  web:
                    command: echo "web $GREETING $NEXUS_SERVICE_DB_URL" >> ~/order; exec python3 -m http.server $PORT
                    port: 8081
                    depends_on: [api]
                    health_check: {type: http, path: /}
                  api:
                    command: echo "api $PORT" >> ~/order; exec python3 -m http.server $PORT
                    port: 8082
                    depends_on: [db]
                    health_check: {type: tcp}
                  db:
                    command: sleep 2; echo "db $PORT" >> ~/order; exec python3 -m http.server $PORT
                    port: 8083
                    health_check: {type: tcp, interval: 200ms}
                """);
        ObservedWorkspace ws = node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        assertEquals(List.of("db 8083", "api 8082", "web hi http://127.0.0.1:8083"), node().exec(spec.workspaceId(), "cat", "/home/dev/order").lines().toList());
        for (String s : List.of("web", "api", "db")) {
            assertEquals(ServiceState.RUNNING, ws.services().get(s).status(), s);
            assertEquals(Health.HEALTHY, ws.services().get(s).health(), s);
        }
        // services with a port take the spec's node ports in config (declaration) order
        assertEquals(spec.servicePorts(), List.of(ws.services().get("web").mappedPort(), ws.services().get("api").mappedPort(),
                ws.services().get("db").mappedPort()));
    }

    @Test
    void aServiceThatNeverBecomesHealthyFailsTheWorkspaceWithItsLog() throws Exception {
        WorkspaceSpec spec = create("""
                services:
                  broken:
                    command: 'echo "loading settings"; echo "fatal: DATABASE_URL is not set" >&2; exec sleep 600'
                    port: 7000
                    health_check: {type: http, path: /health, timeout: 3s, interval: 500ms}
                  after:
                    command: exec sleep 600
                    depends_on: [broken]
                """);
        ObservedWorkspace ws = node().awaitMatching(spec.workspaceId(), o -> o.state() == WorkspaceState.ERROR, Duration.ofMinutes(10),
                "an error");
        assertEquals("service_unhealthy", ws.error().code());
        assertEquals("broken", ws.error().details().string("service"));
        assertTrue(ws.error().details().string("reason").contains("not healthy"), ws.error().details().string("reason"));
        List<String> tail = ws.error().details().strings("log_tail");
        assertTrue(tail.contains("fatal: DATABASE_URL is not set"), tail.toString());
        assertEquals(ServiceState.WAITING, ws.services().get("after").status(), "a dependent of an unhealthy service waits");
    }

    @Test
    void aCrashingServiceIsRestartedWithBackoff() throws Exception {
        WorkspaceSpec spec = create("""
                services:
                  flaky:
                    command: echo run >> ~/runs; sleep 1; exit 3
                    restart: on-failure
                  steady:
                    command: exec sleep 600
                """);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        ObservedWorkspace ws = node().awaitMatching(spec.workspaceId(), o -> o.services().containsKey("flaky")
                && o.services().get("flaky").restarts() != null && o.services().get("flaky").restarts() >= 2, Duration.ofSeconds(60),
                "two restarts of flaky");
        assertNotNull(ws.services().get("flaky").message());
        assertTrue(node().exec(spec.workspaceId(), "cat", "/home/dev/runs").lines().count() >= 3);
        assertTrue(node().exec(spec.workspaceId(), "cat", "/home/dev/.nexus/logs/flaky.log").contains("exited with code 3"));
    }

    @Test
    void aServiceThatBecomesHealthyLateClearsTheError() throws Exception {
        WorkspaceSpec spec = create("""
                services:
                  slow:
                    command: sleep 4; exec python3 -m http.server $PORT
                    port: 8090
                    health_check: {type: tcp, timeout: 2s, interval: 500ms}
                """);
        ObservedWorkspace failing = node().awaitMatching(spec.workspaceId(), o -> o.state() == WorkspaceState.ERROR, Duration.ofMinutes(10),
                "an error");
        assertEquals("service_unhealthy", failing.error().code());
        ObservedWorkspace recovered = node().awaitMatching(spec.workspaceId(), o -> o.state() == WorkspaceState.RUNNING && o.error() == null,
                Duration.ofSeconds(30), "running again");
        assertEquals(Health.HEALTHY, recovered.services().get("slow").health());
    }

    @Test
    void aRestartRequestRestartsTheServicesOnce() throws Exception {
        WorkspaceSpec spec = create("""
                services:
                  counter:
                    command: echo started >> ~/starts; exec sleep 600
                """);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        WorkspaceSpec restart = new WorkspaceSpec(spec.workspaceId(), spec.name(), spec.ownerId(), spec.owner(), spec.desiredState(), 2,
                spec.restartGeneration() + 1, spec.repo(), null, null, spec.config(), spec.sshPort(), spec.servicePorts(),
                spec.authorizedKeys(), null, false);
        node().apply(restart);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 2, Duration.ofMinutes(1));
        node().apply(restart);
        Thread.sleep(1500);
        assertEquals(2, node().exec(spec.workspaceId(), "cat", "/home/dev/starts").lines().count(), "started, then restarted once");
    }

    @Test
    void stopRunsPreStopThenStopsServicesGracefullyAndStartRunsPostStart() throws Exception {
        WorkspaceSpec spec = create("""
                lifecycle:
                  pre_start: echo setup >> ~/hooks
                  post_start: echo post_start >> ~/hooks
                  pre_stop: echo pre_stop >> ~/hooks
                services:
                  polite:
                    command: trap 'echo got TERM >> ~/polite; exit 0' TERM; while true; do sleep 0.1; done
                """);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        node().apply(TestNode.with(spec, nexus.core.api.DesiredState.STOPPED, 2));
        node().await(spec.workspaceId(), WorkspaceState.STOPPED, 2, Duration.ofMinutes(1));
        node().apply(TestNode.with(spec, nexus.core.api.DesiredState.RUNNING, 3));
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 3, Duration.ofMinutes(1));
        assertEquals(List.of("setup", "post_start", "pre_stop", "post_start"), node().exec(spec.workspaceId(), "cat", "/home/dev/hooks").lines().toList());
        assertEquals("got TERM\n", node().exec(spec.workspaceId(), "cat", "/home/dev/polite"));
    }

    @Test
    void serviceLogsAreRotatedPastTheirLimit() throws Exception {
        WorkspaceSpec spec = create("""
                services:
                  chatty:
                    command: head -c 11000000 /dev/zero | tr '\\0' x; echo; echo still here; exec sleep 600
                """);
        node().await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        node().awaitMatching(spec.workspaceId(), o -> {
            String sizes = node().exec(spec.workspaceId(), "sh", "-c", "stat -c %s ~/.nexus/logs/chatty.log.1 2>/dev/null || echo 0");
            return Long.parseLong(sizes.strip()) > 10_000_000;
        }, Duration.ofSeconds(30), "a rotated log");
        long current = Long.parseLong(node().exec(spec.workspaceId(), "stat", "-c", "%s", "/home/dev/.nexus/logs/chatty.log").strip());
        assertTrue(current < 1_000_000, "the live log starts over: " + current + " bytes");
    }
}
