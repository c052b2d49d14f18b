package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.server.http.CappedList;
import nexus.server.store.Database;
import nexus.server.store.UserStore;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.Keys;
import nexus.server.testing.RawHttp;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken client found at the HTTP edge stays fixed: error answers stay small however wrong the
 * body, and are always the API's JSON error with a request id, in words, logged like every other request.
 * {@link MalformedRequestsTest} covers wrong values field by field; this class covers what it takes volume, raw
 * bytes or a misbehaving upstream to show.
 */
class HostileInputTest {
    private static TestServer server;
    private static TestServer.User user;
    private static SimulatedAgent agent;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        user = server.registerUser("hostile");
        agent = SimulatedAgent.register(server, "hostile-node");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The probe's body: a status report of 340,000 empty observations, just under 1 MiB. */
    static String emptyObservations() {
        return "{\"workspaces\":[" + "{},".repeat(339_999) + "{}]}";
    }

    @Test
    void aMillionMissingFieldsAreListedTwentyAtATimeWithTheirCount() {
        ApiResponse r = server.call("POST", "/nodes/" + agent.nodeId() + "/status", agent.token(), emptyObservations());
        assertEquals(400, r.status(), r.body().substring(0, Math.min(500, r.body().length())));
        assertTrue(r.body().length() < 4096, "the answer is " + r.body().length() + " bytes");
        JsonObject details = r.json().object("details");
        List<String> listed = details.strings("missing_fields");
        assertEquals(CappedList.LIMIT, listed.size());
        assertEquals("workspaces[0].workspace_id", listed.getFirst());
        assertEquals(listed.getFirst(), details.string("field"));
        int total = details.intValue("missing_fields_total");
        assertTrue(total >= 340_000 && total % 340_000 == 0, "total " + total);
        String message = r.json().string("message");
        assertTrue(message.startsWith("required fields workspaces[0].workspace_id, "), message);
        assertTrue(message.endsWith(" and " + (total - CappedList.LIMIT) + " more are missing"), message);
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBody() throws Exception {
        ApiResponse get = server.get("/users/me", user.token());
        try (Socket s = new Socket(server.url().getHost(), server.url().getPort())) {
            s.setSoTimeout(30_000);
            // pipelined: if the HEAD answer carried a body, the second answer would not parse
            s.getOutputStream().write(("HEAD /api/v1/users/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user.token()
                    + "\r\n\r\nHEAD /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD /api/v1/users/register HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            RawHttp.Answer head = RawHttp.read(in, true);
            assertEquals(200, head.status(), head.raw());
            assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length), head.header("Content-Length"));
            assertEquals(get.header("Content-Type"), head.header("Content-Type"));
            String id = head.header("X-Request-Id");
            assertTrue(id.startsWith("req-"), head.raw());
            RawHttp.Answer missing = RawHttp.read(in, true);
            assertEquals(404, missing.status(), missing.raw());
            assertTrue(Integer.parseInt(missing.header("Content-Length")) > 0, missing.raw());
            RawHttp.Answer postOnly = RawHttp.read(in, true);
            assertEquals(405, postOnly.status(), postOnly.raw());
            assertEquals("POST", postOnly.header("Allow"));
            RawHttp.Answer health = RawHttp.read(in, false);
            assertEquals(200, health.status(), health.raw());
            assertEquals("ok", health.json().string("status"));
            JsonObject line = JsonCodec.parseObject(server.awaitLogLine(id));
            assertEquals("HEAD", line.string("method"));
            assertEquals("/users/me", line.string("route"));
            assertEquals(200, line.intValue("status"));
        }
        assertEquals("GET, HEAD", server.call("PUT", "/users/me", user.token(), null).header("Allow"));
    }

    /** A chunked body over the limit is read to its end before the 413, like one with Content-Length. */
    @Test
    void anOversizedChunkedBodyIsDrainedSoTheClientReadsIts413() throws Exception {
        try (Socket s = new Socket(server.url().getHost(), server.url().getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 48; i++) { // 3 MiB, three times the limit
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\nGET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Answer a = RawHttp.read(s.getInputStream(), false);
            assertEquals(413, a.status(), a.raw());
            assertEquals("payload_too_large", a.json().string("error"));
            assertEquals(a.header("X-Request-Id"), a.json().string("request_id"));
            assertEquals(200, RawHttp.read(s.getInputStream(), false).status(), "the connection stays usable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "-lead", "two--hyphens", "new\nline", "ünï"})
    void aGitHubLoginThatIsNoGitHubUserNameMakesNoUser(String login) {
        server.github().state().addUser(login, "Odd");
        ApiResponse r = server.post("/users/register", null, JsonObject.builder()
                .put("github_token", server.github().state().issueToken(login)).put("ssh_pubkey", Keys.ed25519("odd")).build());
        assertEquals(502, r.status(), r.body());
        assertEquals("github_unavailable", r.error());
        assertTrue(r.json().string("message").contains("which is not a GitHub user name"), r.body());
        assertFalse(userExists(login), "a user was made for " + login);
    }

    @Test
    void aGitHubRenameToALoginThatIsNoGitHubUserNameRenamesNobody() {
        TestServer.User u = server.registerUser("renamed-later");
        server.github().state().renameUser("renamed-later", "../renamed");
        ApiResponse r = server.post("/users/register", null, JsonObject.builder().put("github_token", u.githubToken())
                .put("ssh_pubkey", u.publicKey()).build());
        assertEquals(502, r.status(), r.body());
        assertEquals("renamed-later", server.get("/users/me", u.token()).json().string("github_username"));
    }

    private static boolean userExists(String login) {
        try (Database db = Database.open(server.dataDir().resolve(Database.FILE_NAME))) {
            return db.read(c -> UserStore.byUsername(c, login).isPresent());
        }
    }

    @Test
    void anUnreachableGitHubIsNamedInWordsAndItsCauseIsLogged() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (TestServer offline = TestServer.start(c -> c.withGithubApi(URI.create("http://127.0.0.1:" + closed)))) {
            ApiResponse r = offline.post("/users/register", null, JsonObject.builder().put("github_token", "gho_" + "a".repeat(36))
                    .put("ssh_pubkey", Keys.ed25519("offline")).build());
            assertEquals(502, r.status(), r.body());
            assertEquals("github_unavailable", r.error());
            assertEquals("nothing accepts connections at the GitHub API at http://127.0.0.1:" + closed + " (connection refused); "
                    + "try again later, or register with an invite token from your Nexus admin", r.json().string("message"));
            assertFalse(r.body().contains("Exception"), r.body());
            JsonObject logged = JsonCodec.parseObject(offline.awaitLogLine("\"msg\":\"request failed underneath\""));
            assertEquals(r.header("X-Request-Id"), logged.string("request_id"));
            assertEquals("warn", logged.string("level"));
            assertTrue(logged.string("cause").startsWith("java.net.ConnectException"), logged.toString());
            assertFalse(logged.toString().contains("gho_"), "the token reached the log: " + logged);
        }
    }

    @Test
    void aConfigWithSixtyProblemsListsTwentyAndCountsThemAll() {
        StringBuilder config = new StringBuilder("services:\n");
        for (int i = 0; i < 60; i++) {
            config.append("  s").append(i).append(":\n    command: run\n    port: not-a-port\n");
        }
        ApiResponse r = server.post("/workspaces", user.token(), JsonObject.builder().put("name", "many-problems")
                .put("repo", JsonObject.builder().put("url", "https://github.com/acme/many").build())
                .put("config", config.toString()).build());
        assertEquals(400, r.status(), r.body());
        JsonObject details = r.json().object("details");
        assertEquals("config", details.string("field"));
        assertEquals(CappedList.LIMIT, details.array("problems").size());
        assertEquals(60, details.intValue("problems_total"), r.body());
        String message = r.json().string("message");
        assertEquals(CappedList.LIMIT + 2, message.lines().count(), message);
        assertTrue(message.endsWith("… and 40 more"), message);
        assertFalse(message.contains("s30"), message);
    }
}
