package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.PortRange;
import nexus.server.auth.Scope;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;
import nexus.server.testing.Files2;
import nexus.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real nexus-server program: serve until SIGTERM, admin-token and backup beside it, command-line errors. */
class MainProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("nexus-main");
    }

    @AfterEach
    void tearDown() {
        http.close();
        Files2.deleteTree(dir);
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serveRunsUntilSigtermWhichAnswersInFlightLongPollsAndClosesTheDatabase() throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess p = ServerProcess.start("serve", "--listen", "127.0.0.1:0", "--data", data.toString(), "--no-local-node")) {
            String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", STARTUP);
            Path tokenFile = data.resolve("admin.token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            String admin = Files.readString(tokenFile).strip();
            assertTrue(admin.startsWith("nxa_"));
            String firstStart = p.awaitStderr("(first start.*)", STARTUP);
            assertTrue(firstStart.contains(tokenFile.toString()), firstStart);

            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/health")).build());
            assertEquals(200, health.statusCode());
            assertTrue(health.headers().firstValue("X-Request-Id").orElseThrow().startsWith("req-"));

            // admin-token and backup run beside the live server on the same database.
            ServerProcess.Result minted = ServerProcess.run(STARTUP, "admin-token", "--data", data.toString());
            assertEquals(0, minted.exitCode(), minted.stderr());
            String second = minted.stdout().strip();
            assertTrue(second.startsWith("nxa_") && !second.equals(admin), minted.stdout());
            HttpResponse<String> nodes = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes"))
                    .header("Authorization", "Bearer " + second).build());
            assertEquals(200, nodes.statusCode(), nodes.body());

            String nodeToken = JsonCodec.parseObject(send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes/tokens"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"n1\"}")).build()).body()).string("token");
            NodeRegistration reg = new NodeRegistration("h", "127.0.0.1", List.of("lxc"), new Capacity(2, 2048, 10000, 5),
                    PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES, "test");
            HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes/register"))
                    .header("Authorization", "Bearer " + nodeToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(reg.toJson().toString())).build());
            assertEquals(201, registered.statusCode(), registered.body());
            String nodeId = JsonCodec.parseObject(registered.body()).string("node_id");

            Path backup = dir.resolve("backup.db");
            ServerProcess.Result b = ServerProcess.run(STARTUP, "backup", "--data", data.toString(), "--out", backup.toString());
            assertEquals(0, b.exitCode(), b.stderr());
            try (Database copy = Database.open(backup)) {
                int admins = copy.read(c -> TokenStore.count(c, Scope.ADMIN));
                assertEquals(2, admins);
            }

            CompletableFuture<HttpResponse<String>> longPoll = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes/" + nodeId + "/assignments?since=0&wait=60"))
                            .header("Authorization", "Bearer " + nodeToken).build(), HttpResponse.BodyHandlers.ofString());
            awaitInFlight(url, admin, 2);
            p.terminate();
            HttpResponse<String> answered = longPoll.get(30, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals(0, JsonCodec.parseObject(answered.body()).longValue("version"));
            assertEquals(143, p.waitFor(Duration.ofSeconds(30)));
            p.awaitStderr("(\"msg\":\"stopped\")", Duration.ofSeconds(5));
            assertFalse(Files.exists(data.resolve("nexus.db-wal")), "the database was closed (WAL checkpointed)");
            for (String line : p.stderr()) {
                assertFalse(line.contains(admin) || line.contains(second) || line.contains(nodeToken), "secret in log: " + line);
                assertTrue(line.startsWith("{") && line.endsWith("}"), "not a JSON log line: " + line);
            }
        }
    }

    /** Waits until the server answers at least {@code n} requests at once (the scrape itself is one). */
    private void awaitInFlight(String url, String admin, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + admin).build()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("nexus_http_requests_in_flight ") && Long.parseLong(line.split(" ")[1]) >= n) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the long-poll never reached the server");
    }

    @Test
    void aClientThatNeverFinishesItsRequestIsCutOff() throws Exception {
        // The limit is 30 s by default; the JVM flag overrides it so the test need not wait that long.
        try (ServerProcess p = ServerProcess.start(List.of("-Dsun.net.httpserver.maxReqTime=1"), "serve", "--listen", "127.0.0.1:0",
                "--data", dir.resolve("data").toString(), "--no-local-node")) {
            URI url = URI.create(p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", STARTUP));
            try (java.net.Socket s = new java.net.Socket(url.getHost(), url.getPort())) {
                s.setSoTimeout(60_000);
                s.getOutputStream().write("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"gith"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                // The server closes the connection instead of waiting for the other 94 bytes forever.
                byte[] rest = s.getInputStream().readAllBytes();
                assertTrue(new String(rest, java.nio.charset.StandardCharsets.UTF_8).isEmpty()
                        || !new String(rest, java.nio.charset.StandardCharsets.UTF_8).startsWith("HTTP/1.1 2"));
            }
            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/health")).build());
            assertEquals(200, health.statusCode(), "the server is fine afterwards");
        }
    }

    @Test
    void refusesADatabaseFromANewerNexusWithOneClearLine() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (Database db = Database.open(data.resolve(Database.FILE_NAME))) {
            db.write(tx -> {
                try (PreparedStatement ps = tx.connection().prepareStatement(
                        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 0)")) {
                    ps.executeUpdate();
                }
                return null;
            });
        }
        ServerProcess.Result r = ServerProcess.run(STARTUP, "serve", "--listen", "127.0.0.1:0", "--data", data.toString(), "--no-local-node");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("nexus-server: the database "), r.stderr());
        assertTrue(r.stderr().contains("schema version 999"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    }

    @Test
    void commandLineMistakesExit2WithTheUsage() {
        for (List<String> args : List.of(List.of("serve", "--bogus"), List.of("frobnicate"), List.of("serve", "--listen"),
                List.of("serve", "--listen", "nope"), List.of("serve", "--driver", "vmware"), List.of("backup", "--data", "x"),
                List.of("serve", "--node-timeout", "soon"), List.of("serve", "--github-api", "ftp://x"),
                List.of("serve", "--allow-local-repos", "/"), List.of("serve", "--max-upload-size", "huge"),
                List.of("serve", "--quota-workspaces", "-1"), List.of("serve", "--quota-cpu", "two"),
                List.of("serve", "--quota-memory", "lots"), List.of("serve", "--quota-services-per-workspace", "101"),
                List.of("serve", "--user-token-ttl", "a while"), List.of("serve", "--node-token-ttl", "0"),
                List.of("admin-token", "--ttl", "forever"), List.of("admin-token", "--revoke-others=yes"))) {
            ServerProcess.Result r = ServerProcess.run(STARTUP, args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), args + ": " + r.stderr());
            assertTrue(r.stderr().startsWith("nexus-server: "), r.stderr());
            assertTrue(r.stderr().contains("Usage:"), r.stderr());
        }
    }

    @Test
    void quotaFlagsSetTheServersDefaults() throws Exception {
        try (ServerProcess p = ServerProcess.start("serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("q").toString(),
                "--no-local-node", "--quota-workspaces", "3", "--quota-memory", "8GiB")) {
            String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", STARTUP) + "/api/v1";
            String admin = Files.readString(dir.resolve("q").resolve("admin.token")).strip();
            String invite = post(url + "/invites", admin, "{\"username\": \"quoted\"}").string("invite_token");
            post(url + "/users/register", null, JsonObject.builder().put("invite_token", invite)
                    .put("ssh_pubkey", nexus.server.testing.Keys.ed25519("q")).build().toString());
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/users/quoted/quota"))
                    .header("Authorization", "Bearer " + admin).build());
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Long> allowed = JsonCodec.parseObject(r.body()).array("limits").objects(o -> o).stream()
                    .collect(java.util.stream.Collectors.toMap(o -> o.string("limit"), o -> o.longValue("allowed")));
            assertEquals(Map.of("workspaces", 3L, "running_workspaces", 5L, "services_per_workspace", 10L, "cpu", 16L,
                    "memory_bytes", 8L << 30), allowed);
        }
    }

    private JsonObject post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = send(b.build());
        assertEquals(201, r.statusCode(), r.body());
        return JsonCodec.parseObject(r.body());
    }

    @Test
    void plainHttpOnANetworkAddressIsRefused() {
        ServerProcess.Result r = ServerProcess.run(STARTUP, "serve", "--listen", "0.0.0.0:0", "--data", dir.resolve("d").toString(),
                "--no-local-node");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("refusing plain HTTP"), r.stderr());
        assertTrue(r.stderr().contains("--tls-cert"), r.stderr());
    }

    @Test
    void versionAndHelp() {
        ServerProcess.Result v = ServerProcess.run(STARTUP, "--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.stdout().startsWith("nexus-server "), v.stdout());
        for (String[] help : new String[][] {{"--help"}, {"serve", "--help"}, {"admin-token", "-h"}, {"backup", "--help"}}) {
            ServerProcess.Result h = ServerProcess.run(STARTUP, help);
            assertEquals(0, h.exitCode(), String.join(" ", help) + ": " + h.stderr());
            assertTrue(h.stdout().contains("admin-token") && h.stdout().contains("--allow-local-repos"), h.stdout());
        }
    }

    @Test
    void adminTokenWithoutADatabaseSaysWhatToDo() {
        ServerProcess.Result r = ServerProcess.run(STARTUP, "admin-token", "--data", dir.resolve("empty").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("start the server once"), r.stderr());
    }
}
