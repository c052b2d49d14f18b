package nexus.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import nexus.core.Version;
import nexus.core.api.HealthStatus;
import nexus.core.api.NodeState;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.metrics.PrometheusText;
import nexus.server.metrics.RequestMetrics;
import nexus.server.store.Database;
import nexus.server.store.NodeStore;
import nexus.server.store.WorkspaceStore;

/**
 * Routes about the server itself: {@code /health} (no token: load balancers and the CLI's doctor use it),
 * {@code /openapi.json} (no token: the contract is public) and {@code /metrics} (admin token: workspace and node
 * counts are operational data; give Prometheus the admin token as a bearer credential).
 */
final class SystemApi {
    private final Database db;
    private final RequestMetrics metrics;
    private final Clock clock;
    private final Instant started;

    SystemApi(Database db, RequestMetrics metrics, Clock clock) {
        this.db = db;
        this.metrics = metrics;
        this.clock = clock;
        this.started = clock.instant();
    }

    List<Route> routes(Supplier<JsonObject> openApi) {
        return List.of(
                Route.get("/health").access(Access.PUBLIC).id("getHealth").tag("system")
                        .summary("Liveness, version and node counts")
                        .reply(200, ApiSchemas.HEALTH, "the server is up")
                        .handler(r -> Response.ok(health())),
                Route.get("/openapi.json").access(Access.PUBLIC).id("getOpenApi").tag("system")
                        .summary("This API as an OpenAPI 3.1 document")
                        .reply(200, nexus.server.http.Schema.freeForm("an OpenAPI 3.1 document"), "the document")
                        .handler(r -> Response.json(200, openApi.get())),
                Route.get("/metrics").access(Access.ADMIN).id("getMetrics").tag("system")
                        .summary("Prometheus metrics (text format 0.0.4)")
                        .description("Requests by route and status, request latency by route, workspaces by state, nodes by state.")
                        .reply(200, null, "Prometheus text exposition format")
                        .handler(r -> Response.text(200, PrometheusText.CONTENT_TYPE, metricsText())));
    }

    private HealthStatus health() {
        List<NodeStore.Node> nodes = db.read(NodeStore::all);
        int online = (int) nodes.stream().filter(NodeStore.Node::online).count();
        return new HealthStatus("ok", Version.current(), Duration.between(started, clock.instant()).toSeconds(), online,
                nodes.size() - online);
    }

    private String metricsText() {
        Map<String, Integer> workspaces = new TreeMap<>();
        for (WorkspaceState s : WorkspaceState.values()) {
            if (s != WorkspaceState.DELETED) {
                workspaces.put(s.wire(), 0);
            }
        }
        workspaces.putAll(db.read(WorkspaceStore::countByShownStatus));
        Map<String, Integer> nodes = new TreeMap<>();
        for (NodeState s : NodeState.values()) {
            nodes.put(s.wire(), 0);
        }
        for (NodeStore.Node n : db.read(NodeStore::all)) {
            nodes.merge(n.state().wire(), 1, Integer::sum);
        }
        return PrometheusText.render(metrics, workspaces, nodes);
    }
}
