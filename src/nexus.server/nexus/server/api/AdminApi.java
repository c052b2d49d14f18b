package nexus.server.api;

import java.util.List;
import nexus.core.api.InviteRequest;
import nexus.core.api.NodeTokenRequest;
import nexus.core.json.JsonObject;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.node.NodeRegistry;
import nexus.server.store.NodeStore;
import nexus.server.user.Users;

/** Admin-only routes: the node list, node tokens and user invites. */
final class AdminApi {
    private final NodeRegistry nodes;
    private final Users users;

    AdminApi(NodeRegistry nodes, Users users) {
        this.nodes = nodes;
        this.users = users;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/nodes").access(Access.ADMIN).id("listNodes").tag("admin")
                        .summary("Every node with its state, capacity, port ranges and workspace count")
                        .reply(200, ApiSchemas.NODE_LIST, "the nodes")
                        .handler(r -> Response.json(200, JsonObject.builder()
                                .putAll("nodes", nodes.all().stream().map(NodeStore.Node::toInfo).toList()).build())),
                Route.post("/nodes/tokens").access(Access.ADMIN).id("createNodeToken").tag("admin")
                        .summary("Mint a node token for nexus-agent serve --token (shown once)")
                        .body(ApiSchemas.NODE_TOKEN_REQUEST)
                        .reply(201, ApiSchemas.NODE_TOKEN_RESPONSE, "the token")
                        .errors(409)
                        .handler(r -> Response.json(201, nodes.mintToken(r.body(NodeTokenRequest::fromJson).name()))),
                Route.post("/invites").access(Access.ADMIN).id("createInvite").tag("admin")
                        .summary("Mint a single-use invite that registers the named user (valid 7 days, shown once)")
                        .body(ApiSchemas.INVITE_REQUEST)
                        .reply(201, ApiSchemas.INVITE_RESPONSE, "the invite")
                        .errors(409)
                        .handler(r -> Response.json(201, users.invite(r.body(InviteRequest::fromJson).username()))));
    }
}
