package nexus.server.api;

import java.util.List;
import nexus.core.api.QuotaUpdate;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.quota.Quotas;

/** Per-user quotas: a user reads their own; an admin reads and changes anyone's ({@code {user}}: name or id). */
final class QuotaApi {
    private final Quotas quotas;

    QuotaApi(Quotas quotas) {
        this.quotas = quotas;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/users/me/quota").access(Access.USER).id("getMyQuota").tag("users")
                        .summary("The calling user's limits and what their workspaces use of each")
                        .reply(200, ApiSchemas.USER_QUOTA, "the quota")
                        .handler(r -> Response.ok(quotas.mine(r.principal()))),
                Route.get("/users/{user}/quota").access(Access.ADMIN).id("getUserQuota").tag("admin")
                        .summary("A user's limits and usage (user name or user-… id)")
                        .reply(200, ApiSchemas.USER_QUOTA, "the quota")
                        .errors(404)
                        .handler(r -> Response.ok(quotas.of(r.path("user")))),
                Route.put("/users/{user}/quota").access(Access.ADMIN).id("setUserQuota").tag("admin")
                        .summary("Set a user's limits: a number sets one, null goes back to the server's default, "
                                + "a limit left out is kept")
                        .description("Lowering a limit below what the user uses removes nothing: their next create or "
                                + "start is refused (409 quota_exceeded) until they are under it again.")
                        .body(ApiSchemas.QUOTA_UPDATE)
                        .reply(200, ApiSchemas.USER_QUOTA, "the user's quota as it now is")
                        .errors(404)
                        .handler(r -> Response.ok(quotas.update(r.path("user"), r.body(QuotaUpdate::fromJson)))));
    }
}
