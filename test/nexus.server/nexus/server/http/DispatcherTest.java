package nexus.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import nexus.core.json.JsonObject;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withMaxBodyBytes(4096));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyAnswerCarriesItsRequestId() {
        Set<String> ids = new HashSet<>();
        for (String path : new String[] {"/health", "/nope", "/users/me"}) {
            ApiResponse r = server.get(path, null);
            String id = r.header("X-Request-Id");
            assertTrue(id != null && id.startsWith("req-"), path + ": " + id);
            assertTrue(ids.add(id));
            if (r.status() >= 400) {
                assertEquals(id, r.json().string("request_id"));
            }
        }
    }

    @Test
    void unknownPathsAndMethods() {
        ApiResponse r = server.get("/nope", null);
        assertEquals(404, r.status());
        assertEquals("not_found", r.error());
        ApiResponse outside = server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v2/health")).build());
        assertEquals(404, outside.status());
        assertEquals("not_found", outside.error());
        ApiResponse m = server.call("PUT", "/health", null, null);
        assertEquals(405, m.status());
        assertEquals("method_not_allowed", m.error());
        assertEquals("GET, HEAD", m.header("Allow"));
    }

    @Test
    void bodiesAreBoundedAndMustBeJson() {
        String admin = server.adminToken();
        ApiResponse big = server.call("POST", "/invites", admin, "{\"username\":\"" + "a".repeat(5000) + "\"}");
        assertEquals(413, big.status(), big.body());
        assertEquals("payload_too_large", big.error());
        assertEquals(4096, big.json().object("details").intValue("limit_bytes"));

        ApiResponse chunked = server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/invites"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[10_000])))
                .build());
        assertEquals(413, chunked.status(), chunked.body());

        ApiResponse form = server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/invites"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=x")).build());
        assertEquals(415, form.status(), form.body());

        ApiResponse broken = server.call("POST", "/invites", admin, "{\"username\": ");
        assertEquals(400, broken.status(), broken.body());
        assertEquals("invalid_request", broken.error());
        assertTrue(broken.json().string("message").contains("not valid JSON"), broken.body());

        ApiResponse empty = server.call("POST", "/invites", admin, "");
        assertEquals(400, empty.status(), empty.body());
        ApiResponse array = server.call("POST", "/invites", admin, "[1,2]");
        assertEquals(400, array.status(), array.body());
        ApiResponse wrongType = server.post("/invites", admin, JsonObject.builder().put("username", 42).build());
        assertEquals(400, wrongType.status(), wrongType.body());
        assertEquals("username", wrongType.json().object("details").string("field"));
        assertTrue(wrongType.json().string("message").contains("expected a string"), wrongType.body());
    }

    @Test
    void pathsThatAreNotUtf8Are400() throws Exception {
        try (Socket s = new Socket(server.url().getHost(), server.url().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /api/v1/users/me/keys/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("invalid_request"), answer);
        }
    }

    @Test
    void oneLogLinePerRequestWithTheRouteTemplateAndNeverTheToken() {
        String admin = server.adminToken();
        ApiResponse r = server.delete("/users/me/keys/SHA256:secretish", admin);
        assertEquals(403, r.status());
        String id = r.header("X-Request-Id");
        String line = server.awaitLogLine(id);
        JsonObject o = nexus.core.json.JsonCodec.parseObject(line);
        assertEquals("request", o.string("msg"));
        assertEquals("/users/me/keys/{fingerprint}", o.string("route"));
        assertEquals(403, o.intValue("status"));
        assertEquals("DELETE", o.string("method"));
        assertEquals("admin", o.string("user_id"));
        assertTrue(o.has("duration_ms"));
        assertFalse(line.contains("secretish"), "raw paths are not logged");
        assertFalse(line.contains(admin));
        assertNotEquals(0, server.log().stream().filter(l -> l.contains("\"msg\":\"request\"")).count());
    }
}
