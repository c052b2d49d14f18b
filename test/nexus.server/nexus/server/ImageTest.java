package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nexus.core.util.ProcessRunner;
import nexus.server.testing.Files2;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The jlinked runtime's nexus-server launcher: its AOT cache matches (a stale one would warn on stderr), the
 * sqlite native library is found in the image, and serve starts, answers and stops on SIGTERM with nothing but
 * JSON log lines on stderr. Needs the runtimes (a full ./build.sh test builds them).
 */
class ImageTest {
    static final Path LAUNCHER = Path.of(System.getProperty("nexus.build"), "image", "nexus-server", "bin", "nexus-server");

    @Test
    void theImageServesWithItsAotCache() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(LAUNCHER), "the runtimes are not built (./build.sh image; a full ./build.sh test builds them)");
        ProcessRunner.Result version = ProcessRunner.of(LAUNCHER.toString(), "--version").check();
        assertTrue(version.stdout().startsWith("nexus-server "), version.stdout());
        assertEquals("", version.stderr(), "nothing on stderr (a mismatched AOT cache would say so)");

        Path data = Files.createTempDirectory("nexus-image");
        Process p = new ProcessBuilder(LAUNCHER.toString(), "serve", "--listen", "127.0.0.1:0", "--data", data.toString(), "--no-local-node")
                .redirectError(data.resolve("stderr").toFile()).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String url = null;
            for (int i = 0; i < 600 && url == null; i++) {
                String log = Files.exists(data.resolve("stderr")) ? Files.readString(data.resolve("stderr")) : "";
                var m = java.util.regex.Pattern.compile("\"msg\":\"listening\",\"url\":\"([^\"]+)\"").matcher(log);
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertTrue(url != null, "the server did not start: " + Files.readString(data.resolve("stderr")));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            p.toHandle().destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue());
            List<String> notJson = new ArrayList<>();
            for (String line : Files.readAllLines(data.resolve("stderr"))) {
                if (!(line.startsWith("{") && line.endsWith("}"))) {
                    notJson.add(line);
                }
            }
            assertTrue(notJson.isEmpty(), "stderr holds more than JSON log lines: " + notJson);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Files2.deleteTree(data);
        }
    }
}
