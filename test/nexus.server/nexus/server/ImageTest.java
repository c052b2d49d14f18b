package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import nexus.core.util.ProcessRunner;
import nexus.server.testing.Files2;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The jlinked runtime's nexus-server launcher: its AOT cache matches (a stale one would warn on stderr), the
 * sqlite native library is found in the image, and serve starts, answers and stops on SIGTERM with nothing but
 * JSON log lines on stderr; its memory ceiling holds the worst bodies clients can send. Needs the runtimes (a
 * full ./build.sh test builds them).
 */
class ImageTest {
    static final Path LAUNCHER = Path.of(System.getProperty("nexus.build"), "image", "nexus-server", "bin", "nexus-server");

    private static final Path AGENT = LAUNCHER.resolveSibling("nexus-agent");

    private static void assumeImage() {
        Assumptions.assumeTrue(Files.isExecutable(LAUNCHER), "the runtimes are not built (./build.sh image; a full ./build.sh test builds them)");
    }

    @Test
    void theImageServesWithItsAotCache() throws Exception {
        assumeImage();
        ProcessRunner.Result version = ProcessRunner.of(LAUNCHER.toString(), "--version").check();
        assertTrue(version.stdout().startsWith("nexus-server "), version.stdout());
        assertEquals("", version.stderr(), "nothing on stderr (a mismatched AOT cache would say so)");

        try (Served s = Served.start()) {
            HttpResponse<String> health = s.send(HttpRequest.newBuilder(URI.create(s.url + "/api/v1/health")).build());
            assertEquals(200, health.statusCode());
            s.stop();
        }
    }

    /** The launchers set a heap and direct-memory ceiling, and the operator's options come after them (so they win). */
    @Test
    void theLaunchersSetAMemoryCeilingTheOperatorCanRaise() throws Exception {
        assumeImage();
        assertEquals(512L << 20, flag(LAUNCHER, "NEXUS_SERVER_JAVA_OPTS", "", "MaxHeapSize"));
        assertEquals(128L << 20, flag(LAUNCHER, "NEXUS_SERVER_JAVA_OPTS", "", "MaxDirectMemorySize"));
        assertEquals(1L << 30, flag(LAUNCHER, "NEXUS_SERVER_JAVA_OPTS", "-Xmx1g", "MaxHeapSize"));
        assertEquals(256L << 20, flag(AGENT, "NEXUS_AGENT_JAVA_OPTS", "", "MaxHeapSize"));
        assertEquals(64L << 20, flag(AGENT, "NEXUS_AGENT_JAVA_OPTS", "", "MaxDirectMemorySize"));
        assertEquals(300L << 20, flag(AGENT, "NEXUS_AGENT_JAVA_OPTS", "-Xmx300m", "MaxHeapSize"));
    }

    /** The JVM's final value of {@code name} when {@code launcher --version} runs with {@code options} in {@code env}. */
    private static long flag(Path launcher, String env, String options, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        pb.environment().put(env, "-XX:+PrintFlagsFinal " + options);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        var m = Pattern.compile("\\s" + name + "\\s+= (\\d+)").matcher(out);
        assertTrue(m.find(), name + " not in the flags:\n" + out);
        return Long.parseLong(m.group(1));
    }

    /**
     * The probe's worst case against the default ceiling: 8 status reports of 340,000 empty observations at once (a
     * million missing fields each; once a 61 MB answer apiece, and an OutOfMemoryError with -Xmx256m), then 32
     * bodies of the most memory-hungry shape at once on the route that needs no token (each ~26 MB as parsed JSON).
     * Every answer is a small 400, never a 500; the server is healthy after, and no OutOfMemoryError was logged.
     */
    @Test
    void theDefaultMemoryCeilingHoldsTheWorstBodies() throws Exception {
        assumeImage();
        try (Served s = Served.start()) {
            String admin = Files.readString(s.data.resolve("admin.token")).strip();
            String nodeToken = field(s.post("/nodes/tokens", admin, "{\"name\":\"probe\"}"), "token");
            String nodeId = field(s.post("/nodes/register", nodeToken, "{\"name\":\"probe\",\"advertise_host\":\"127.0.0.1\","
                    + "\"drivers\":[\"lxc\"],\"capacity\":{\"cpus\":1,\"memory_mb\":1024,\"disk_mb\":1000,\"max_workspaces\":1},"
                    + "\"version\":\"probe\"}"), "node_id");

            String empties = "{\"workspaces\":[" + "{},".repeat(339_999) + "{}]}";
            for (HttpResponse<String> r : s.concurrently(8, "/nodes/" + nodeId + "/status", nodeToken, empties)) {
                assertEquals(400, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
                assertTrue(r.body().length() < 4096, "a " + r.body().length() + "-byte answer");
            }
            String hungry = "{\"pad\":[" + "{\"a\":1},".repeat(131_000) + "{\"a\":1}]}";
            for (HttpResponse<String> r : s.concurrently(32, "/users/register", null, hungry)) {
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().length() < 4096, "a " + r.body().length() + "-byte answer");
            }
            assertEquals(200, s.send(HttpRequest.newBuilder(URI.create(s.url + "/api/v1/health")).build()).statusCode());
            s.stop();
            assertFalse(Files.readString(s.data.resolve("stderr")).contains("OutOfMemoryError"));
        }
    }

    private static String field(String json, String name) {
        return nexus.core.json.JsonCodec.parseObject(json).string(name);
    }

    /** {@code nexus-server serve} from the image on a free loopback port, stderr in {@code data/stderr}. */
    private static final class Served implements AutoCloseable {
        final Path data;
        final Process process;
        final HttpClient http = HttpClient.newHttpClient();
        final String url;

        private Served(Path data, Process process, String url) {
            this.data = data;
            this.process = process;
            this.url = url;
        }

        static Served start() throws Exception {
            Path data = Files.createTempDirectory("nexus-image");
            Process p = new ProcessBuilder(LAUNCHER.toString(), "serve", "--listen", "127.0.0.1:0", "--data", data.toString(),
                    "--no-local-node").redirectError(data.resolve("stderr").toFile()).start();
            String url = null;
            for (int i = 0; i < 600 && url == null; i++) {
                String log = Files.exists(data.resolve("stderr")) ? Files.readString(data.resolve("stderr")) : "";
                var m = Pattern.compile("\"msg\":\"listening\",\"url\":\"([^\"]+)\"").matcher(log);
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            Served s = new Served(data, p, url);
            if (url == null) {
                String log = Files.readString(data.resolve("stderr"));
                s.close();
                throw new AssertionError("the server did not start: " + log);
            }
            return s;
        }

        HttpResponse<String> send(HttpRequest r) throws Exception {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        }

        String post(String path, String token, String body) throws Exception {
            HttpResponse<String> r = send(request(path, token, body));
            assertTrue(r.statusCode() < 300, path + ": " + r.statusCode() + " " + r.body());
            return r.body();
        }

        private HttpRequest request(String path, String token, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/api/v1" + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(java.time.Duration.ofSeconds(120));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return b.build();
        }

        /** {@code n} POSTs of {@code body} at once, each on its own connection; their answers. */
        List<HttpResponse<String>> concurrently(int n, String path, String token, String body) throws Exception {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            List<HttpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    HttpClient c = HttpClient.newHttpClient();
                    clients.add(c);
                    sent.add(c.sendAsync(request(path, token, body), HttpResponse.BodyHandlers.ofString()));
                }
                List<HttpResponse<String>> answers = new ArrayList<>();
                for (var f : sent) {
                    answers.add(f.get(180, TimeUnit.SECONDS));
                }
                return answers;
            } finally {
                clients.forEach(HttpClient::close);
            }
        }

        /** SIGTERM; the server must exit 143 with nothing but JSON log lines on stderr. */
        void stop() throws Exception {
            process.toHandle().destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, process.exitValue());
            List<String> notJson = new ArrayList<>();
            for (String line : Files.readAllLines(data.resolve("stderr"))) {
                if (!(line.startsWith("{") && line.endsWith("}"))) {
                    notJson.add(line);
                }
            }
            assertTrue(notJson.isEmpty(), "stderr holds more than JSON log lines: " + notJson);
        }

        @Override
        public void close() throws Exception {
            http.close();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files2.deleteTree(data);
        }
    }
}
