package nexus.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkspaceApiTest {
    private static TestServer server;
    private static TestServer.User alice;
    private static TestServer.User bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.registerUser("alice");
        bob = server.registerUser("bob");
        SimulatedAgent.register(server, "node-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject body(String name, String url) {
        return JsonObject.builder().put("name", name).put("repo", JsonObject.builder().put("url", url).build()).build();
    }

    private static ApiResponse createWithKey(TestServer.User u, JsonObject body, String key) {
        return server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/workspaces"))
                .header("Authorization", "Bearer " + u.token()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    @Test
    void idempotencyKeyMakesRetriesSafe() {
        JsonObject b = body("idem", "https://github.com/acme/idem");
        ApiResponse first = createWithKey(alice, b, "key-123");
        assertEquals(202, first.status(), first.body());
        ApiResponse retry = createWithKey(alice, b, "key-123");
        assertEquals(202, retry.status(), retry.body());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.json().string("workspace_id"), retry.json().string("workspace_id"));
        ApiResponse other = createWithKey(alice, body("idem2", "https://github.com/acme/idem"), "key-123");
        assertEquals(409, other.status(), other.body());
        ApiResponse bobsKey = createWithKey(bob, body("idem", "https://github.com/acme/idem"), "key-123");
        assertEquals(202, bobsKey.status(), "keys are per user: " + bobsKey.body());
        assertNotEquals(first.json().string("workspace_id"), bobsKey.json().string("workspace_id"));
        ApiResponse badKey = createWithKey(alice, b, "has space");
        assertEquals(400, badKey.status());
        assertEquals("Idempotency-Key", badKey.json().object("details").string("field"));
    }

    @Test
    void usersOnlyEverSeeTheirOwnWorkspaces() {
        String id = server.post("/workspaces", alice.token(), body("private", "/srv/private")).json().string("workspace_id");
        for (String ref : List.of(id, "private")) {
            assertEquals(200, server.get("/workspaces/" + ref, alice.token()).status());
            ApiResponse other = server.get("/workspaces/" + ref, bob.token());
            assertEquals(404, other.status(), "bob must not learn that " + ref + " exists");
            assertEquals("not_found", other.error());
            assertEquals(404, server.post("/workspaces/" + ref + "/stop", bob.token(), null).status());
            assertEquals(404, server.delete("/workspaces/" + ref + "?force=true", bob.token()).status());
            assertEquals(404, server.get("/workspaces/" + ref + "/events?wait=0", bob.token()).status());
        }
        assertTrue(server.get("/workspaces", bob.token()).json().array("workspaces").objects(o -> o.string("owner"))
                .stream().allMatch("bob"::equals));
        assertEquals(403, server.get("/workspaces?owner=alice", bob.token()).status());
        assertEquals(200, server.get("/workspaces?owner=bob", bob.token()).status());

        // The admin sees every workspace, addresses them by id, and can stop them; it cannot create any.
        String admin = server.adminToken();
        assertEquals(200, server.get("/workspaces/" + id, admin).status());
        assertEquals(404, server.get("/workspaces/private", admin).status());
        assertTrue(server.get("/workspaces?owner=alice", admin).json().intValue("total") >= 1);
        assertEquals(0, server.get("/workspaces?owner=nobody", admin).json().intValue("total"));
        assertEquals(403, server.post("/workspaces", admin, body("x", "/srv/x")).status());
    }

    @Test
    void listingPagesAndFilters() {
        TestServer.User carol = server.registerUser("carol");
        for (String n : List.of("c1", "c2", "c3", "c4", "c5")) {
            assertEquals(202, server.post("/workspaces", carol.token(), body(n, "/srv/" + n)).status());
        }
        JsonObject page = server.get("/workspaces?limit=2&offset=1", carol.token()).json();
        assertEquals(5, page.intValue("total"));
        assertEquals(2, page.intValue("limit"));
        assertEquals(1, page.intValue("offset"));
        assertEquals(List.of("c2", "c3"), page.array("workspaces").objects(o -> o.string("name")));
        assertEquals(5, server.get("/workspaces?status=pending", carol.token()).json().intValue("total"));
        assertEquals(0, server.get("/workspaces?status=running", carol.token()).json().intValue("total"));
        assertEquals(400, server.get("/workspaces?status=sleeping", carol.token()).status());
        assertEquals(400, server.get("/workspaces?limit=0", carol.token()).status());
        assertEquals(400, server.get("/workspaces?limit=201", carol.token()).status());
        assertEquals(400, server.get("/workspaces?offset=-1", carol.token()).status());
        assertEquals(400, server.get("/workspaces?limit=ten", carol.token()).status());
    }

    @Test
    void aliasesAnswerLikeTheirRoutes() {
        ApiResponse created = server.post("/workspaces/create", alice.token(), body("aliased", "git@github.com:acme/aliased.git"));
        assertEquals(202, created.status(), created.body());
        ApiResponse a = server.get("/workspaces/aliased", alice.token());
        ApiResponse b = server.get("/workspaces/aliased/status", alice.token());
        assertEquals(a.json().string("workspace_id"), b.json().string("workspace_id"));
        assertEquals("https://github.com/acme/aliased.git", a.json().object("repository").string("url"),
                "GitHub repositories are cloned over https, whatever form named them");
        assertEquals("acme", a.json().object("repository").string("owner"));
    }

    @Test
    void aWorkspaceNamedLikeARouteStillWorks() {
        assertEquals(202, server.post("/workspaces", alice.token(), body("create", "/srv/create")).status());
        ApiResponse r = server.get("/workspaces/create", alice.token());
        assertEquals(200, r.status(), r.body());
        assertEquals("create", r.json().string("name"));
    }
}
