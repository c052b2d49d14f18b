package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nexus.core.json.JsonObject;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void nodeTokensAreNamedUniqueAndShownOnce() {
        String admin = server.adminToken();
        ApiResponse r = server.post("/nodes/tokens", admin, JsonObject.builder().put("name", "gpu-box-1").build());
        assertEquals(201, r.status(), r.body());
        assertTrue(r.json().string("token").startsWith("nxn_"));
        assertEquals("gpu-box-1", r.json().string("name"));

        ApiResponse dup = server.post("/nodes/tokens", admin, JsonObject.builder().put("name", "gpu-box-1").build());
        assertEquals(409, dup.status(), dup.body());
        assertEquals("conflict", dup.error());

        ApiResponse bad = server.post("/nodes/tokens", admin, JsonObject.builder().put("name", "GPU Box").build());
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().string("message").contains("gpu-box"), "suggests a valid name: " + bad.body());

        ApiResponse missing = server.post("/nodes/tokens", admin, JsonObject.empty());
        assertEquals(400, missing.status(), missing.body());
        assertEquals("name", missing.json().object("details").string("field"));
    }

    @Test
    void nodeListStartsEmpty() {
        ApiResponse r = server.get("/nodes", server.adminToken());
        assertEquals(200, r.status(), r.body());
        assertEquals(0, r.json().array("nodes").size());
    }

    @Test
    void adminRoutesNeedTheAdminToken() {
        TestServer.User u = server.registerUser("notadmin");
        String node = server.nodeToken("some-node");
        for (String token : new String[] {u.token(), node}) {
            assertEquals(403, server.get("/nodes", token).status());
            assertEquals(403, server.post("/invites", token, JsonObject.builder().put("username", "x").build()).status());
            assertEquals(403, server.post("/nodes/tokens", token, JsonObject.builder().put("name", "x").build()).status());
            assertEquals(403, server.get("/metrics", token).status());
        }
        assertEquals(401, server.get("/nodes", null).status());
        assertEquals(401, server.get("/nodes", "nxa_" + "A".repeat(43)).status());
    }

    @Test
    void metricsArePrometheusText() {
        server.get("/health", null);
        // A request is counted just after its answer is sent: the scrape may come a moment before that.
        ApiResponse r = server.get("/metrics", server.adminToken());
        for (int i = 0; i < 100 && !r.body().contains("route=\"/health\""); i++) {
            r = server.get("/metrics", server.adminToken());
        }
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
        assertTrue(r.body().contains("nexus_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"}"), r.body());
        assertTrue(r.body().contains("nexus_http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"}"), r.body());
        assertTrue(r.body().contains("nexus_workspaces{state=\"running\"} 0"), r.body());
        assertTrue(r.body().contains("nexus_nodes{state=\"online\"} 0"), r.body());
        for (String line : r.body().split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{[^}]*})? [0-9.+eE-]+"), "not a sample line: " + line);
        }
    }
}
