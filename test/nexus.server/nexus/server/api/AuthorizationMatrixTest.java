package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nexus.core.json.JsonObject;
import nexus.core.protocol.PortRange;
import nexus.server.auth.TokenLifetimes;
import nexus.server.http.Access;
import nexus.server.http.Route;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.ShiftedClock;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route × {admin, user A, user B, node, no token, and revoked and expired user, node and admin tokens}: who
 * gets through, who is refused (401/403), and that user B finds nothing of user A's — workspaces, keys, tokens —
 * (404, never 403, so existence does not leak). A revoked or expired token is refused by every route with 401.
 */
class AuthorizationMatrixTest {
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static final Duration LIFETIME = Duration.ofDays(30);
    private static TestServer server;
    private static TestServer.User a;
    private static TestServer.User b;
    private static SimulatedAgent node;
    private static SimulatedAgent otherNode;
    private static String workspaceId;
    private static String uploadId;
    private static final Map<Caller, String> STOPPED = new EnumMap<>(Caller.class);

    enum Caller { ADMIN, USER_A, USER_B, NODE, NONE, REVOKED_USER, EXPIRED_USER, REVOKED_NODE, EXPIRED_NODE, REVOKED_ADMIN, EXPIRED_ADMIN }

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withClock(CLOCK).withTokenLifetimes(new TokenLifetimes(LIFETIME, LIFETIME)));
        // Minted now, expired once the clock has moved past their lifetimes.
        STOPPED.put(Caller.EXPIRED_USER, server.registerUser("expireduser").token());
        STOPPED.put(Caller.EXPIRED_NODE, SimulatedAgent.register(server, "expired-node").token());
        // (first the admin tokens but one are revoked: that would revoke the expiring one too)
        STOPPED.put(Caller.REVOKED_ADMIN, server.adminToken());
        server.adminTokenCommand("--revoke-others");
        STOPPED.put(Caller.EXPIRED_ADMIN, server.adminTokenCommand("--ttl", "1d"));
        CLOCK.advance(LIFETIME.plusDays(1));
        // Revoked each the way it is done: by the user, by removing the node, by replacing every admin token.
        TestServer.User revoked = server.registerUser("revokeduser");
        assertEquals(204, server.delete("/users/me/tokens/current", revoked.token()).status());
        STOPPED.put(Caller.REVOKED_USER, revoked.token());
        SimulatedAgent removed = SimulatedAgent.register(server, "removed-node");
        assertEquals(200, server.delete("/nodes/removed-node", server.adminToken()).status());
        STOPPED.put(Caller.REVOKED_NODE, removed.token());

        a = server.registerUser("usera");
        b = server.registerUser("userb");
        // the most capacity, so that the workspace made from the upload is on this node whatever else is online
        node = SimulatedAgent.register(server, "matrix-node", List.of("lxc", "sandbox"), 500, PortRange.DEFAULT_SSH,
                PortRange.DEFAULT_SERVICES);
        uploadId = server.upload(a);
        ApiResponse uploaded = server.post("/workspaces", a.token(), JsonObject.builder().put("name", "uploaded")
                .put("repo", JsonObject.builder().put("upload", uploadId).build()).build());
        assertEquals(node.nodeId(), server.get("/workspaces/" + uploaded.json().string("workspace_id"), a.token()).json()
                .object("node").string("node_id"), "the upload's workspace is on the node the matrix calls as");
        otherNode = SimulatedAgent.register(server, "other-node");
        SimulatedAgent.register(server, "doomed-node");
        workspaceId = server.post("/workspaces", a.token(), JsonObject.builder().put("name", "mine")
                .put("repo", JsonObject.builder().put("url", "/srv/mine").build()).build()).json().string("workspace_id");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(Caller c) {
        return switch (c) {
            case ADMIN -> server.adminToken();
            case USER_A -> a.token();
            case USER_B -> b.token();
            case NODE -> node.token();
            case NONE -> null;
            default -> STOPPED.get(c);
        };
    }

    /**
     * The route's path with its parameters filled with user A's workspace, the node's id, A's key, A and A's token
     * of the moment, and a node that is there to be removed.
     */
    private static String path(Route r) {
        String fingerprint = server.get("/users/me/keys", a.token()).json().array("keys").objects(o -> o.string("fingerprint")).getFirst();
        String p = r.path().text()
                .replace("{ws}", workspaceId)
                .replace("{id}", node.nodeId())
                .replace("{fingerprint}", URLEncoder.encode(fingerprint, StandardCharsets.UTF_8))
                .replace("{user}", a.login())
                .replace("{token}", server.tokenId(a.token()))
                .replace("{node}", "doomed-node")
                .replace("{upload}", uploadId);
        return p.endsWith("/events") || p.endsWith("/assignments") ? p + "?wait=0" : p;
    }

    private static final Map<String, JsonObject> BODIES = Map.of(
            "/nodes/register", JsonObject.builder().put("name", "x").put("advertise_host", "10.0.0.1")
                    .put("drivers", nexus.core.json.JsonArray.ofStrings(List.of("lxc")))
                    .put("capacity", new nexus.core.protocol.Capacity(1, 1, 1, 5)).put("version", "t").build(),
            "/nodes/{id}/status", JsonObject.builder().put("workspaces", nexus.core.json.JsonArray.ofValues(List.of())).build(),
            "/invites", JsonObject.builder().put("username", "matrixinvite").build(),
            "/nodes/tokens", JsonObject.builder().put("name", "matrix-token").build());

    private static ApiResponse call(Route r, Caller c) {
        JsonObject body = BODIES.get(r.path().text());
        if (body == null && r.doc().body() != null) {
            body = JsonObject.empty();
        }
        return server.call(r.method(), path(r), token(c), body == null ? null : body.toString());
    }

    /** What a caller must get from a route: "ok" (through the door: anything but 401/403/404), or a status. */
    private static String expected(Route r, Caller c) {
        String t = r.path().text();
        boolean ownsResource = t.contains("{ws}") || t.contains("{fingerprint}") || t.startsWith("/users/me/tokens/{token}")
                || t.startsWith("/uploads/{upload}");
        Access access = r.access();
        if (access == Access.PUBLIC) {
            return "ok";
        }
        if (c == Caller.NONE || STOPPED.containsKey(c)) {
            return "401";
        }
        boolean scopeOk = switch (access) {
            case USER -> c == Caller.USER_A || c == Caller.USER_B;
            case ADMIN -> c == Caller.ADMIN;
            case NODE -> c == Caller.NODE;
            case USER_OR_ADMIN -> c == Caller.USER_A || c == Caller.USER_B || c == Caller.ADMIN;
            case PUBLIC -> true;
        };
        if (!scopeOk) {
            return "403";
        }
        return ownsResource && c == Caller.USER_B ? "404" : "ok";
    }

    @Test
    void everyRouteForEveryCaller() {
        List<String> failures = new ArrayList<>();
        // Delete last: it changes the workspace the other routes use.
        List<Route> routes = new ArrayList<>(server.server().routes());
        routes.sort(java.util.Comparator.comparing((Route r) -> r.method().equals("DELETE")));
        int checked = 0;
        for (Route r : routes) {
            for (Caller c : Caller.values()) {
                String want = expected(r, c);
                ApiResponse got = call(r, c);
                boolean ok = want.equals("ok")
                        ? got.status() != 401 && got.status() != 403 && got.status() != 404 && got.status() != 405 && got.status() < 500
                        : String.valueOf(got.status()).equals(want);
                if (!ok) {
                    failures.add(r.method() + " " + r.path() + " as " + c + ": expected " + want + ", got " + got);
                }
                if (STOPPED.containsKey(c) && got.status() == 401) {
                    String m = got.json().string("message");
                    if (!m.contains(c.name().startsWith("REVOKED") ? "was revoked" : "expired")) {
                        failures.add(r.method() + " " + r.path() + " as " + c + ": the 401 does not say why: " + m);
                    }
                }
                if (r.method().equals("DELETE")) {
                    keepUsersSignedIn();
                }
                checked++;
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(server.server().routes().size() * Caller.values().length, checked);
    }

    /** Routes that revoke tokens revoke A's (or B's) of the moment: the next calls get fresh ones. */
    private static void keepUsersSignedIn() {
        if (server.get("/users/me", a.token()).status() == 401) {
            a = server.signInAgain(a);
        }
        if (server.get("/users/me", b.token()).status() == 401) {
            b = server.signInAgain(b);
        }
    }

    @Test
    void aNodeTokenOnlyActsOnItsOwnNode() {
        for (String p : List.of("/nodes/" + otherNode.nodeId() + "/assignments?wait=0", "/nodes/node-aaaaaaaaaaaaaaaaaaaa/assignments?wait=0")) {
            ApiResponse r = server.get(p, node.token());
            assertEquals(403, r.status(), r.body());
            assertEquals("forbidden", r.error());
        }
        assertEquals(403, server.post("/nodes/" + otherNode.nodeId() + "/heartbeat", node.token(), null).status());
        assertEquals(403, server.post("/nodes/" + otherNode.nodeId() + "/status", node.token(),
                JsonObject.builder().put("workspaces", nexus.core.json.JsonArray.ofValues(List.of())).build()).status());
        String unregistered = server.nodeToken("never-registered");
        ApiResponse r = server.post("/nodes/" + node.nodeId() + "/heartbeat", unregistered, null);
        assertEquals(403, r.status());
        assertTrue(r.json().string("message").contains("register"), r.body());
    }
}
