package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
