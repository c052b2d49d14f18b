package nexus.server.testing;

import java.util.List;
import java.util.Map;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.StatusReport;
import nexus.core.protocol.WorkspaceSpec;

/**
 * A node agent played by the test over the agent protocol's HTTP routes only (docs/agent-protocol.md): it
 * registers with a node token, heartbeats, long-polls assignments and reports what it "observes".
 */
public final class SimulatedAgent {
    private final TestServer server;
    private final String token;
    private String nodeId;

    public SimulatedAgent(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Mints a node token named {@code name} and registers with the given drivers, capacity and port ranges. */
    public static SimulatedAgent register(TestServer server, String name, List<String> drivers, int maxWorkspaces,
                                          PortRange ssh, PortRange services) {
        SimulatedAgent a = new SimulatedAgent(server, server.nodeToken(name));
        ApiResponse r = a.register(new NodeRegistration(name + ".host", "10.0.0." + (1 + Math.abs(name.hashCode() % 200)), drivers,
                new Capacity(4, 8192, 100_000, maxWorkspaces), ssh, services, "0.1.0-test"));
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException("registration failed: " + r);
        }
        return a;
    }

    public static SimulatedAgent register(TestServer server, String name) {
        return register(server, name, List.of("lxc", "sandbox"), 50, PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES);
    }

    public ApiResponse register(NodeRegistration registration) {
        ApiResponse r = server.post("/nodes/register", token, registration.toJson());
        if (r.status() < 300) {
            nodeId = r.json().string("node_id");
        }
        return r;
    }

    public String nodeId() {
        return nodeId;
    }

    public String token() {
        return token;
    }

    public ApiResponse heartbeat() {
        return server.post("/nodes/" + nodeId + "/heartbeat", token, new Heartbeat(1, 4096, 0.5).toJson());
    }

    public Assignments assignments(long since, int waitSeconds) {
        ApiResponse r = server.get("/nodes/" + nodeId + "/assignments?since=" + since + "&wait=" + waitSeconds, token);
        if (r.status() != 200) {
            throw new IllegalStateException("assignments failed: " + r);
        }
        return Assignments.fromJson(r.json());
    }

    public WorkspaceSpec spec(String workspaceId) {
        return assignments(-1, 0).workspaces().stream().filter(s -> s.workspaceId().equals(workspaceId)).findFirst()
                .orElseThrow(() -> new AssertionError("workspace " + workspaceId + " is not assigned to " + nodeId));
    }

    public ApiResponse report(boolean complete, ObservedWorkspace... observed) {
        return server.post("/nodes/" + nodeId + "/status", token, new StatusReport(complete, List.of(observed)).toJson());
    }

    /** Reports one workspace in {@code state} at the spec's current generation. */
    public ApiResponse report(WorkspaceSpec spec, WorkspaceState state, Phase phase) {
        return report(false, observe(spec.workspaceId(), spec.generation(), state, phase, Map.of(), null, null));
    }

    public static ObservedWorkspace observe(String id, long generation, WorkspaceState state, Phase phase,
                                            Map<String, ServiceStatus> services, WorkspaceError error, RepoState repo) {
        return new ObservedWorkspace(id, generation, state, phase, "10.200.0.7", services,
                phase == null ? List.of() : List.of(new TimelineEntry(Phase.IMAGE, java.time.Instant.now().minusSeconds(3), 120L),
                        new TimelineEntry(phase, java.time.Instant.now(), null)),
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTests000000000000000000000000"),
                List.of("SHA256:hostkeyfingerprintfortests0000000000000000"), error, repo);
    }

    /** Raw JSON, for malformed reports. */
    public ApiResponse reportRaw(JsonObject body) {
        return server.post("/nodes/" + nodeId + "/status", token, body);
    }
}
