package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.server.testing.Files2;
import nexus.server.testing.RawHttp;
import nexus.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge of the real nexus-server program, where only a process shows it: what reaches stderr (every
 * line JSON, also for what the JDK server itself has to say) and how SIGTERM ends it.
 */
class HttpEdgeProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("nexus-edge");
    }

    @AfterEach
    void tearDown() {
        Files2.deleteTree(dir);
    }

    private ServerProcess serve(List<String> jvmOptions, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--data",
                dir.resolve("data").toString(), "--no-local-node"));
        args.addAll(List.of(extra));
        return ServerProcess.start(jvmOptions, args.toArray(String[]::new));
    }

    private static URI url(ServerProcess p) {
        return URI.create(p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", STARTUP));
    }

    private static void assertEveryLineIsJson(ServerProcess p) {
        for (String line : p.stderr()) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "not a JSON log line: " + line + "\nstderr:\n"
                    + String.join("\n", p.stderr()));
        }
    }

    @Test
    void headRequestsLeaveOnlyJsonLinesOnStderr() {
        try (ServerProcess p = serve(List.of())) {
            URI url = url(p);
            for (String path : List.of("/api/v1/health", "/api/v1/nope", "/api/v1/users/register")) {
                RawHttp.Answer a = RawHttp.exchange(url, ("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII), true);
                assertTrue(a.header("X-Request-Id").startsWith("req-"), a.raw());
                p.awaitStderr("(\"request_id\":\"" + a.header("X-Request-Id") + "\",\"method\":\"HEAD\")", STARTUP);
            }
            p.terminate();
            assertEquals(143, p.waitFor(Duration.ofSeconds(60)));
            assertEveryLineIsJson(p);
        }
    }

    /**
     * Requests the JDK server refuses before any handler of ours runs are logged like every other request, with
     * the reason in words (their answer is the JDK's own; see docs/server.md).
     */
    @Test
    void requestsTheJdkServerRefusesItselfAreLoggedAsJsonWithTheirReason() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "the Content-Length header is not a number");
        reasons.put("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "the Content-Length header is negative");
        reasons.put("GET /api/v1/x%zz HTTP/1.1\r\nHost: x\r\n\r\n", "the request-target is not a valid URI");
        reasons.put("GET /api/v1/{x} HTTP/1.1\r\nHost: x\r\n\r\n", "the request-target is not a valid URI");
        reasons.put("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                "the only Transfer-Encoding this server accepts is chunked");
        try (ServerProcess p = serve(List.of())) {
            URI url = url(p);
            for (Map.Entry<String, String> e : reasons.entrySet()) {
                RawHttp.Answer a = RawHttp.exchange(url, e.getKey());
                assertTrue(a.status() == 400 || a.status() == 501, a.raw());
                p.awaitStderr("(\"refused_by\":\"the JDK HTTP server\",\"reason\":\"" + Pattern.quote(e.getValue()) + ")", STARTUP);
            }
            long refusals = p.stderr().stream().filter(l -> l.contains("\"refused_by\"")).count();
            assertEquals(reasons.size(), refusals, String.join("\n", p.stderr()));
            for (String line : p.stderr()) {
                if (line.contains("\"refused_by\"")) {
                    JsonObject o = JsonCodec.parseObject(line);
                    assertEquals("request", o.string("msg"));
                    assertTrue(o.string("request_id").startsWith("req-"), line);
                    assertTrue(List.of("GET", "POST").contains(o.string("method")), line);
                    assertFalse(line.contains("Exception") || line.contains("%zz"), line);
                }
            }
            p.terminate();
            assertEquals(143, p.waitFor(Duration.ofSeconds(60)));
            assertEveryLineIsJson(p);
        }
    }

    /**
     * A request whose body never comes is cut off by the JDK server (here after 1 s), and its 400 cannot be written
     * any more. The JDK server never counted that exchange as finished, so its stop waited the whole grace: with a
     * grace of 120 s, the process must still be gone well inside 60 s.
     */
    @Test
    void sigtermAfterARequestWhoseBodyTimedOutDoesNotWaitTheGrace() throws Exception {
        try (ServerProcess p = serve(List.of("-Dsun.net.httpserver.maxReqTime=1"), "--shutdown-grace", "120s")) {
            URI url = url(p);
            try (Socket s = new Socket(url.getHost(), url.getPort())) {
                s.setSoTimeout(60_000);
                s.getOutputStream().write("POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        .concat("Content-Length: 100\r\n\r\n{\"gith").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                in.readAllBytes();
            }
            p.awaitStderr("(\"route\":\"/users/register\",\"status\":400)", STARTUP);
            p.terminate();
            assertEquals(143, p.waitFor(Duration.ofSeconds(60)), "SIGTERM waited for the request that was cut off");
            p.awaitStderr("(\"msg\":\"stopped\")", Duration.ofSeconds(5));
            assertEveryLineIsJson(p);
        }
    }
}
