package nexus.server.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.CreateWorkspaceResponse;
import nexus.core.api.StopRequest;
import nexus.core.api.WorkspaceState;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.core.json.WireEnum;
import nexus.server.http.Access;
import nexus.server.http.ApiException;
import nexus.server.http.Dispatcher;
import nexus.server.http.Request;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.http.Schema;
import nexus.server.store.StoredWorkspace;
import nexus.server.workspace.CreateRequests;
import nexus.server.workspace.WorkspaceLifecycle.Action;
import nexus.server.workspace.Workspaces;

/** {@code /workspaces…}: create, list, status, lifecycle actions, services, SSH and the events long-poll. */
final class WorkspaceApi {
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 50;

    private final Workspaces workspaces;
    private final CreateRequests createRequests;
    private final WorkspaceViews views = new WorkspaceViews();

    WorkspaceApi(Workspaces workspaces, CreateRequests createRequests) {
        this.workspaces = workspaces;
        this.createRequests = createRequests;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (String path : List.of("/workspaces", "/workspaces/create")) {
            routes.add(Route.post(path).access(Access.USER).id(path.endsWith("create") ? "createWorkspaceAlias" : "createWorkspace")
                    .tag("workspaces")
                    .summary("Create a workspace: scheduled on a node with ports allocated; the node then builds it"
                            + (path.endsWith("create") ? " (alias of POST /workspaces)" : ""))
                    .description("Send an Idempotency-Key header (up to 255 printable characters) to make retries safe: "
                            + "the same key with the same body within 24 hours answers the workspace made the first time.")
                    .body(ApiSchemas.CREATE_REQUEST)
                    .reply(202, ApiSchemas.CREATE_RESPONSE, "accepted; poll polling_url until it runs")
                    .errors(409, 503)
                    .handler(this::create));
        }
        routes.add(Route.get("/workspaces").access(Access.USER_OR_ADMIN).id("listWorkspaces").tag("workspaces")
                .summary("List workspaces by name (yours; an admin sees everyone's)")
                .query("owner", Schema.string("user name or id"), "only this owner's (admins; users may only name themselves)")
                .query("status", ApiSchemas.wire("state", WorkspaceState.class), "only workspaces in this state")
                .query("limit", Schema.integer("page size", 1, MAX_LIMIT), "page size (default 50, at most 200)")
                .query("offset", Schema.integer("page start", 0, Integer.MAX_VALUE), "page start (default 0)")
                .reply(200, ApiSchemas.WORKSPACE_LIST, "one page")
                .handler(this::list));
        for (String path : List.of("/workspaces/{ws}", "/workspaces/{ws}/status")) {
            routes.add(Route.get(path).access(Access.USER_OR_ADMIN).id(path.endsWith("status") ? "getWorkspaceStatus" : "getWorkspace")
                    .tag("workspaces")
                    .summary("Full status of a workspace" + (path.endsWith("status") ? " (alias of GET /workspaces/{ws})" : ""))
                    .reply(200, ApiSchemas.WORKSPACE, "the workspace")
                    .errors(404)
                    .handler(r -> views.ok(find(r))));
        }
        routes.add(Route.post("/workspaces/{ws}/stop").access(Access.USER_OR_ADMIN).id("stopWorkspace").tag("workspaces")
                .summary("Stop a workspace (ports and disk are kept)")
                .optionalBody(ApiSchemas.STOP_REQUEST)
                .reply(202, ApiSchemas.WORKSPACE, "stopping (or already stopped)")
                .errors(404, 409)
                .handler(r -> act(r, Action.STOP, r.body(StopRequest::fromJson).force())));
        routes.add(Route.post("/workspaces/{ws}/start").access(Access.USER_OR_ADMIN).id("startWorkspace").tag("workspaces")
                .summary("Start a stopped workspace (or retry one in error)")
                .reply(202, ApiSchemas.WORKSPACE, "starting (or already running)")
                .errors(404, 409)
                .handler(r -> act(r, Action.START, false)));
        routes.add(Route.post("/workspaces/{ws}/restart").access(Access.USER_OR_ADMIN).id("restartWorkspace").tag("workspaces")
                .summary("Restart a running workspace's services")
                .reply(202, ApiSchemas.WORKSPACE, "restarting")
                .errors(404, 409)
                .handler(r -> act(r, Action.RESTART, false)));
        routes.add(Route.delete("/workspaces/{ws}").access(Access.USER_OR_ADMIN).id("deleteWorkspace").tag("workspaces")
                .summary("Delete a workspace; it is gone (and its name and ports free) once its node confirms")
                .description("A running workspace is stopped and deleted. Refused (409) while its last repository check "
                        + "found uncommitted or unpushed work, unless force=true.")
                .query("force", Schema.bool("delete even with unsaved work"), "true to force")
                .reply(202, ApiSchemas.WORKSPACE, "deleting")
                .errors(404, 409)
                .handler(r -> act(r, Action.DELETE, r.queryBool("force", false))));
        routes.add(Route.get("/workspaces/{ws}/services").access(Access.USER_OR_ADMIN).id("getWorkspaceServices").tag("workspaces")
                .summary("A workspace's services with status, health and ports")
                .reply(200, ApiSchemas.SERVICES, "the services")
                .errors(404)
                .handler(r -> {
                    StoredWorkspace w = find(r);
                    return Response.json(200, JsonObject.builder().put("workspace_id", w.id())
                            .putMap("services", new java.util.TreeMap<>(w.services())).build());
                }));
        routes.add(Route.get("/workspaces/{ws}/ssh").access(Access.USER_OR_ADMIN).id("getWorkspaceSsh").tag("workspaces")
                .summary("How to reach a workspace over SSH, with its host keys to pin")
                .reply(200, ApiSchemas.SSH_INFO, "SSH details")
                .errors(404)
                .handler(r -> Response.ok(find(r).ssh())));
        routes.add(Route.get("/workspaces/{ws}/events").access(Access.USER_OR_ADMIN).id("workspaceEvents").tag("workspaces")
                .summary("Long-poll: the workspace as soon as its version exceeds since (or when wait ends)")
                .query("since", Schema.integer("last version seen; -1 (default) answers at once"), "last version seen")
                .query("wait", Schema.integer("seconds to wait", 0, NodeApi.MAX_WAIT_SECONDS), "seconds to wait (default 30, at most 60)")
                .reply(200, ApiSchemas.WORKSPACE_EVENT, "the workspace, changed or not")
                .errors(404)
                .handler(r -> Response.ok(workspaces.awaitChange(r.principal(), r.path("ws"),
                        r.queryLong("since", -1, -1, Long.MAX_VALUE),
                        Duration.ofSeconds(r.queryLong("wait", NodeApi.DEFAULT_WAIT_SECONDS, 0, NodeApi.MAX_WAIT_SECONDS))))));
        return routes;
    }

    private Response create(Request r) {
        String key = r.header("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f))) {
            throw ApiException.invalid("Idempotency-Key", "the Idempotency-Key header must be 1-255 printable ASCII characters "
                    + "without spaces (a UUID is a good choice)");
        }
        Workspaces.Created c = workspaces.create(r.principal(), createRequests.check(r.body(CreateWorkspaceRequest::fromJson)), key);
        StoredWorkspace w = c.workspace();
        Response response = Response.json(202, new CreateWorkspaceResponse(w.id(), w.name(), w.shownStatus(), w.ssh(),
                Dispatcher.BASE + "/workspaces/" + w.id() + "/events", c.estimatedSeconds(), w.createdAt()));
        return c.replayed() ? response.withHeader("Idempotent-Replayed", "true") : response;
    }

    private Response list(Request r) {
        String status = r.query("status");
        WorkspaceState state = null;
        if (status != null && !status.isEmpty()) {
            state = WorkspaceState.parse(status);
            if (state == null) {
                throw ApiException.invalid("status", "status \"" + Names.printable(status) + "\" is not a workspace state; use one of "
                        + WireEnum.names(WorkspaceState.class));
            }
        }
        String owner = r.query("owner");
        return Response.ok(workspaces.list(r.principal(), owner == null || owner.isEmpty() ? null : owner, state,
                (int) r.queryLong("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), (int) r.queryLong("offset", 0, 0, Integer.MAX_VALUE)));
    }

    private StoredWorkspace find(Request r) {
        return workspaces.find(r.principal(), r.path("ws"));
    }

    private Response act(Request r, Action action, boolean force) {
        return Response.json(202, workspaces.act(r.principal(), r.path("ws"), action, force).toApi());
    }
}
