package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nexus.core.api.Health;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.server.http.Access;
import nexus.server.http.Route;
import nexus.server.http.SchemaCheck;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router agree in both directions, and every answer has its documented shape. */
class OpenApiTest {
    private static TestServer server;
    private static TestServer.User user;
    private static SimulatedAgent agent;
    private static String workspaceId;
    private static String uploadId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        user = server.registerUser("documented");
        agent = SimulatedAgent.register(server, "doc-node");
        workspaceId = server.post("/workspaces", user.token(), JsonObject.builder().put("name", "doc")
                .put("repo", JsonObject.builder().put("url", "https://github.com/acme/doc").put("branch", "main").build())
                .build()).json().string("workspace_id");
        agent.report(false, SimulatedAgent.observe(workspaceId, 1, WorkspaceState.RUNNING, Phase.READY,
                Map.of("web", new ServiceStatus(ServiceState.RUNNING, Health.HEALTHY, 5173, 23000, "http://localhost:23000",
                        Instant.now(), 1, null)),
                new WorkspaceError("service_unhealthy", "was slow once", Phase.SERVICES, JsonObject.builder().put("service", "web").build()),
                new RepoState(0, 0, Instant.now())));
        uploadId = server.upload(user);
        server.post("/workspaces", user.token(), JsonObject.builder().put("name", "uploaded")
                .put("repo", JsonObject.builder().put("upload", uploadId).build()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject document() {
        ApiResponse r = server.get("/openapi.json", null);
        assertEquals(200, r.status());
        return r.json();
    }

    @Test
    void documentedOperationsAreExactlyTheServedRoutes() {
        JsonObject doc = document();
        assertEquals("3.1.0", doc.string("openapi"));
        Set<String> documented = new TreeSet<>();
        JsonObject paths = doc.object("paths");
        for (String p : paths.keys()) {
            for (String m : paths.object(p).keys()) {
                documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p);
            }
        }
        Set<String> served = new TreeSet<>();
        for (Route r : server.server().routes()) {
            served.add(r.method() + " " + r.path().text());
        }
        assertEquals(served, documented);
        assertTrue(served.size() >= 25, "the whole API v1 is served: " + served);
    }

    @Test
    void everyDocumentedOperationIsAnsweredByTheRouter() {
        JsonObject paths = document().object("paths");
        String fingerprint = server.get("/users/me/keys", user.token()).json().array("keys").objects(o -> o.string("fingerprint")).getFirst();
        List<String> unanswered = new ArrayList<>();
        int spares = 0;
        for (String p : paths.keys()) {
            for (String m : paths.object(p).keys()) {
                JsonObject op = paths.object(p).object(m);
                String method = m.toUpperCase(java.util.Locale.ROOT);
                // routes about tokens and node removal act on a user and a node of their own, which they may revoke
                TestServer.User owner = p.contains("/tokens") && !p.startsWith("/nodes") ? server.registerUser("spare" + ++spares) : user;
                String path = p.replace("{ws}", workspaceId).replace("{id}", agent.nodeId())
                        .replace("{fingerprint}", URLEncoder.encode(fingerprint, StandardCharsets.UTF_8))
                        .replace("{user}", owner.login()).replace("{token}", server.tokenId(owner.token()))
                        .replace("{node}", p.contains("{node}") ? SimulatedAgent.register(server, "spare-node" + ++spares).nodeId() : "")
                        .replace("{upload}", uploadId);
                if (path.endsWith("/events") || path.endsWith("/assignments")) {
                    path += "?wait=0";
                }
                String token = op.string("description").contains("Access: user token") ? owner.token() : tokenFor(op);
                String body = op.has("requestBody") ? "{}" : null;
                ApiResponse r = server.call(method, path, token, body);
                if (r.status() == 404 || r.status() == 405) {
                    unanswered.add(method + " " + p + " → " + r);
                }
            }
        }
        assertTrue(unanswered.isEmpty(), String.join("\n", unanswered));
    }

    /** A token the operation accepts, read from its documented access. */
    private static String tokenFor(JsonObject op) {
        String d = op.string("description");
        if (d.contains("Access: no token")) {
            return null;
        }
        if (d.contains("Access: admin token")) {
            return server.adminToken();
        }
        if (d.contains("Access: node token")) {
            return agent.token();
        }
        return user.token();
    }

    @Test
    void everyReferenceResolves() {
        JsonObject doc = document();
        Set<String> components = doc.object("components").object("schemas").keys();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertTrue(refs.size() > 50);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/") && components.contains(ref.substring("#/components/schemas/".length())),
                    "dangling " + ref);
        }
    }

    private static void collectRefs(JsonValue v, List<String> into) {
        if (v instanceof JsonObject o) {
            o.members().forEach((k, x) -> {
                if (k.equals("$ref")) {
                    into.add(((nexus.core.json.JsonString) x).value());
                } else {
                    collectRefs(x, into);
                }
            });
        } else if (v instanceof JsonArray a) {
            a.elements().forEach(x -> collectRefs(x, into));
        }
    }

    /** Calls a route and checks the answer against the schema the route documents for that status. */
    private static ApiResponse conforming(String method, String template, String path, String token, JsonValue body) {
        ApiResponse r = server.call(method, path, token, body == null ? null : body.toString());
        Route route = server.server().routes().stream()
                .filter(x -> x.method().equals(method) && x.path().text().equals(template)).findFirst().orElseThrow();
        if (r.status() >= 400) {
            assertTrue(route.doc().errors().contains(r.status()) || r.status() == 500,
                    method + " " + template + " answered undocumented " + r);
            assertOk(SchemaCheck.check(JsonCodec.parse(r.body()), ApiSchemas.ERROR), r);
            return r;
        }
        Route.Reply reply = route.doc().replies().stream().filter(x -> x.status() == r.status()).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + template + " answered undocumented " + r));
        if (reply.schema() != null && r.header("Content-Type").startsWith("application/json")) {
            assertOk(SchemaCheck.check(JsonCodec.parse(r.body()), reply.schema()), r);
        }
        return r;
    }

    private static void assertOk(SchemaCheck.Result result, ApiResponse r) {
        assertTrue(result.ok(), "answer does not match its schema: " + result + "\n" + r);
    }

    @Test
    void answersHaveTheirDocumentedShapes() {
        String admin = server.adminToken();
        String t = user.token();
        conforming("GET", "/health", "/health", null, null);
        conforming("GET", "/users/me", "/users/me", t, null);
        conforming("GET", "/users/me/keys", "/users/me/keys", t, null);
        conforming("POST", "/users/me/keys", "/users/me/keys", t, JsonObject.builder().put("public_key", nexus.server.testing.Keys.ed25519("x")).build());
        conforming("GET", "/workspaces", "/workspaces", t, null);
        conforming("GET", "/workspaces/{ws}", "/workspaces/doc", t, null);
        conforming("GET", "/workspaces/{ws}/status", "/workspaces/doc/status", t, null);
        conforming("GET", "/workspaces/{ws}/services", "/workspaces/doc/services", t, null);
        conforming("GET", "/workspaces/{ws}/ssh", "/workspaces/doc/ssh", t, null);
        conforming("GET", "/workspaces/{ws}/events", "/workspaces/doc/events?wait=0", t, null);
        conforming("GET", "/nodes", "/nodes", admin, null);
        conforming("GET", "/nodes/{id}/assignments", "/nodes/" + agent.nodeId() + "/assignments?wait=0", agent.token(), null);
        conforming("POST", "/nodes/tokens", "/nodes/tokens", admin, JsonObject.builder().put("name", "shape-node").build());
        conforming("POST", "/invites", "/invites", admin, JsonObject.builder().put("username", "shaped").build());
        ApiResponse created = conforming("POST", "/workspaces", "/workspaces", t, JsonObject.builder().put("name", "shape")
                .put("repo", JsonObject.builder().put("url", "/srv/shape").build()).build());
        assertEquals(202, created.status());
        conforming("POST", "/workspaces/{ws}/stop", "/workspaces/shape/stop", t, JsonObject.builder().put("force", true).build());
        conforming("POST", "/workspaces/{ws}/start", "/workspaces/shape/start", t, null);
        conforming("POST", "/workspaces/{ws}/restart", "/workspaces/shape/restart", t, null);
        conforming("DELETE", "/workspaces/{ws}", "/workspaces/shape", t, null);
        conforming("POST", "/workspaces", "/workspaces", t, JsonObject.builder().put("name", "shape")
                .put("repo", JsonObject.builder().put("url", "/srv/shape").build()).build());
        conforming("GET", "/users/me/quota", "/users/me/quota", t, null);
        conforming("GET", "/users/{user}/quota", "/users/" + user.login() + "/quota", admin, null);
        conforming("PUT", "/users/{user}/quota", "/users/" + user.id() + "/quota", admin, JsonObject.builder().put("workspaces", 0).build());
        ApiResponse refused = conforming("POST", "/workspaces", "/workspaces", t, JsonObject.builder().put("name", "over")
                .put("repo", JsonObject.builder().put("url", "/srv/over").build()).build());
        assertEquals("quota_exceeded", refused.error());
        conforming("PUT", "/users/{user}/quota", "/users/" + user.id() + "/quota", admin, JsonObject.builder().putNull("workspaces").build());
        conforming("GET", "/users/{user}/quota", "/users/nobody/quota", admin, null);
        conforming("POST", "/users/register", "/users/register", null, JsonObject.empty());
        conforming("POST", "/workspaces", "/workspaces", admin, JsonObject.empty());
        conforming("GET", "/workspaces/{ws}", "/workspaces/nope", t, null);

        TestServer.User tokens = server.registerUser("shapetokens");
        TestServer.User again = server.signInAgain(tokens);
        conforming("GET", "/users/me/tokens", "/users/me/tokens", tokens.token(), null);
        conforming("GET", "/users/{user}/tokens", "/users/shapetokens/tokens", admin, null);
        conforming("DELETE", "/users/{user}/tokens/{token}", "/users/shapetokens/tokens/tok-none", admin, null);
        conforming("DELETE", "/users/me/tokens/{token}", "/users/me/tokens/" + server.tokenId(again.token()), tokens.token(), null);
        conforming("DELETE", "/users/me/tokens/current", "/users/me/tokens/current", tokens.token(), null);
        conforming("DELETE", "/users/{user}/tokens", "/users/" + tokens.id() + "/tokens", admin, null);
        conforming("DELETE", "/users/me/tokens", "/users/me/tokens", server.signInAgain(tokens).token(), null);
        SimulatedAgent.register(server, "shape-removed");
        assertEquals(200, conforming("DELETE", "/nodes/{node}", "/nodes/shape-removed", admin, null).status());
        conforming("DELETE", "/nodes/{node}", "/nodes/shape-removed", admin, null);
        assertNotEquals(0, server.get("/openapi.json", null).body().length());
    }
}
