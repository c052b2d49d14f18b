package nexus.server.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nexus.core.json.JsonObject;
import nexus.server.http.Route;
import nexus.server.metrics.RequestMetrics;
import nexus.server.node.AssignmentFeed;
import nexus.server.node.NodeRegistry;
import nexus.server.node.NodeRemoval;
import nexus.server.node.StatusIngest;
import nexus.server.openapi.OpenApiDocument;
import nexus.server.quota.Quotas;
import nexus.server.store.Database;
import nexus.server.upload.Uploads;
import nexus.server.user.UserTokens;
import nexus.server.user.Users;
import nexus.server.workspace.CreateRequests;
import nexus.server.workspace.Workspaces;

/** The whole API v1 as one route table: what the router serves and what {@code /openapi.json} documents. */
public final class ApiRoutes {
    private ApiRoutes() {}

    /** The services the handlers call. */
    public record Services(Database db, Users users, Workspaces workspaces, CreateRequests createRequests, Uploads uploads,
                           NodeRegistry nodes, AssignmentFeed assignments, StatusIngest status, RequestMetrics metrics,
                           Clock clock, Quotas quotas, UserTokens tokens, NodeRemoval removal) {}

    public static List<Route> all(Services s) {
        List<Route> routes = new ArrayList<>();
        OpenApiHolder openApi = new OpenApiHolder(routes);
        routes.addAll(new SystemApi(s.db(), s.metrics(), s.clock()).routes(openApi::document));
        routes.addAll(new UserApi(s.users(), s.tokens()).routes());
        routes.addAll(new QuotaApi(s.quotas()).routes());
        routes.addAll(new WorkspaceApi(s.workspaces(), s.createRequests()).routes());
        routes.addAll(new UploadApi(s.uploads(), s.nodes()).routes());
        routes.addAll(new AdminApi(s.nodes(), s.users(), s.tokens(), s.removal()).routes());
        routes.addAll(new NodeApi(s.nodes(), s.assignments(), s.status()).routes());
        return List.copyOf(routes);
    }

    /** Renders the document once, from the finished table (the table includes the route that serves it). */
    private static final class OpenApiHolder {
        private final List<Route> routes;
        private volatile JsonObject document;

        OpenApiHolder(List<Route> routes) {
            this.routes = routes;
        }

        JsonObject document() {
            JsonObject d = document;
            if (d == null) {
                d = OpenApiDocument.render(List.copyOf(routes), ApiSchemas.ERROR);
                document = d;
            }
            return d;
        }
    }
}
