package nexus.server.api;

import java.util.List;
import nexus.core.api.InviteRequest;
import nexus.core.api.NodeTokenRequest;
import nexus.core.json.JsonObject;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.node.NodeRegistry;
import nexus.server.node.NodeRemoval;
import nexus.server.store.NodeStore;
import nexus.server.user.UserTokens;
import nexus.server.user.Users;

/** Admin-only routes: the node list, node tokens, node removal, user invites and users' tokens. */
final class AdminApi {
    private final NodeRegistry nodes;
    private final Users users;
    private final UserTokens tokens;
    private final NodeRemoval removal;

    AdminApi(NodeRegistry nodes, Users users, UserTokens tokens, NodeRemoval removal) {
        this.nodes = nodes;
        this.users = users;
        this.tokens = tokens;
        this.removal = removal;
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
                Route.delete("/nodes/{node}").access(Access.ADMIN).id("removeNode").tag("admin")
                        .summary("Remove a node (by name or node_id): revoke its token and forget it")
                        .description("Its agent's next request gets 401 and the agent stops. A node that still holds "
                                + "workspaces is refused with 409 unless force=true, which makes the server forget those "
                                + "workspaces too (for a node that is gone for good; nothing on the machine is touched). "
                                + "A node token that never registered a node is revoked. The name is free again afterwards.")
                        .query("force", nexus.server.http.Schema.bool("also forget the node's workspaces"),
                                "true: remove the node even though it holds workspaces")
                        .reply(200, ApiSchemas.NODE_REMOVED, "the node is removed and its token revoked")
                        .errors(404, 409)
                        .handler(r -> Response.ok(removal.remove(r.path("node"), r.queryBool("force", false)))),
                Route.post("/invites").access(Access.ADMIN).id("createInvite").tag("admin")
                        .summary("Mint a single-use invite that registers the named user (valid 7 days, shown once)")
                        .body(ApiSchemas.INVITE_REQUEST)
                        .reply(201, ApiSchemas.INVITE_RESPONSE, "the invite")
                        .errors(409)
                        .handler(r -> Response.json(201, users.invite(r.body(InviteRequest::fromJson).username()))),
                Route.get("/users/{user}/tokens").access(Access.ADMIN).id("listUserTokens").tag("admin")
                        .summary("A user's live API tokens ({user}: user name or user_id)")
                        .reply(200, ApiSchemas.TOKEN_LIST, "the tokens")
                        .errors(404)
                        .handler(r -> Response.json(200, JsonObject.builder().putAll("tokens", tokens.ofUser(r.path("user"))).build())),
                Route.delete("/users/{user}/tokens").access(Access.ADMIN).id("revokeUserTokens").tag("admin")
                        .summary("Revoke every token of a user; effective on their next request")
                        .reply(200, ApiSchemas.TOKENS_REVOKED, "how many were revoked")
                        .errors(404)
                        .handler(r -> Response.json(200, UserApi.revoked(tokens.revokeAllOfUser(r.path("user"))))),
                Route.delete("/users/{user}/tokens/{token}").access(Access.ADMIN).id("revokeUserToken").tag("admin")
                        .summary("Revoke one token of a user by token_id")
                        .reply(204, null, "revoked")
                        .errors(404)
                        .handler(r -> {
                            tokens.revokeOfUser(r.path("user"), r.path("token"));
                            return Response.noContent();
                        }));
    }
}
