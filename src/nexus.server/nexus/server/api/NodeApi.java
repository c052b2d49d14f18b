package nexus.server.api;

import java.time.Duration;
import java.util.List;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.StatusReport;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.node.AssignmentFeed;
import nexus.server.node.NodeRegistry;
import nexus.server.node.StatusIngest;

/** The agent protocol (docs/agent-protocol.md): node token only, and only for the token's own node. */
final class NodeApi {
    static final int MAX_WAIT_SECONDS = 60;
    static final int DEFAULT_WAIT_SECONDS = 30;

    private final NodeRegistry registry;
    private final AssignmentFeed assignments;
    private final StatusIngest status;

    NodeApi(NodeRegistry registry, AssignmentFeed assignments, StatusIngest status) {
        this.registry = registry;
        this.assignments = assignments;
        this.status = status;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/nodes/register").access(Access.NODE).id("registerNode").tag("nodes")
                        .summary("Register the node of this token (the same token always gets the same node id)")
                        .body(ApiSchemas.NODE_REGISTRATION)
                        .reply(201, ApiSchemas.NODE_REGISTERED, "a new node")
                        .reply(200, ApiSchemas.NODE_REGISTERED, "a known node, updated and online")
                        .handler(r -> {
                            NodeRegistry.Registered reg = registry.register(r.principal(), r.body(NodeRegistration::fromJson));
                            return Response.json(reg.created() ? 201 : 200, reg.body());
                        }),
                Route.post("/nodes/{id}/heartbeat").access(Access.NODE).id("nodeHeartbeat").tag("nodes")
                        .summary("Proof of life, every heartbeat_interval_seconds")
                        .optionalBody(ApiSchemas.HEARTBEAT)
                        .reply(204, null, "recorded")
                        .handler(r -> {
                            registry.ownNode(r.principal(), r.path("id"));
                            registry.heartbeat(r.path("id"), r.body(Heartbeat::fromJson));
                            return Response.noContent();
                        }),
                Route.get("/nodes/{id}/assignments").access(Access.NODE).id("nodeAssignments").tag("nodes")
                        .summary("Long-poll: every workspace spec of the node, as soon as the version exceeds since")
                        .query("since", nexus.server.http.Schema.integer("the version of the last answer; -1 (default) answers at once"),
                                "last version seen")
                        .query("wait", nexus.server.http.Schema.integer("seconds to wait for a change", 0, MAX_WAIT_SECONDS),
                                "seconds to wait (default 30, at most 60)")
                        .reply(200, ApiSchemas.ASSIGNMENTS, "the full list (changed or not)")
                        .handler(r -> {
                            registry.ownNode(r.principal(), r.path("id"));
                            long since = r.queryLong("since", -1, -1, Long.MAX_VALUE);
                            long wait = r.queryLong("wait", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
                            return Response.ok(assignments.await(r.path("id"), since, Duration.ofSeconds(wait)));
                        }),
                Route.post("/nodes/{id}/status").access(Access.NODE).id("nodeStatus").tag("nodes")
                        .summary("Report observed workspace states")
                        .body(ApiSchemas.STATUS_REPORT)
                        .reply(204, null, "applied")
                        .handler(r -> {
                            registry.ownNode(r.principal(), r.path("id"));
                            status.apply(r.path("id"), r.body(StatusReport::fromJson));
                            return Response.noContent();
                        }));
    }
}
