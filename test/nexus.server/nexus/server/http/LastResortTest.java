package nexus.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.server.auth.Authenticator;
import nexus.server.log.JsonLog;
import nexus.server.metrics.RequestMetrics;
import nexus.server.store.Database;
import nexus.server.testing.Files2;
import nexus.server.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher answers and logs a request even when its answer cannot be sent as built. The API's routes never
 * fail that way, so the routes here are made to: one returns a header value the JDK server refuses to send.
 */
class LastResortTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Path dir;
    private Database db;
    private HttpFrontend http;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("nexus-last-resort");
        db = Database.open(dir.resolve("nexus.db"));
        Route badHeader = Route.get("/bad-header").access(Access.PUBLIC).id("badHeader").tag("test").summary("a bad header")
                .reply(200, null, "never").handler(r -> Response.text(200, "text/plain", "fine").withHeader("X-Note", "two\nlines"));
        JsonLog json = new JsonLog(log::add, Clock.systemUTC());
        Dispatcher dispatcher = new Dispatcher(new Router(List.of(badHeader)), new Authenticator(db, Clock.systemUTC(), json),
                json, new RequestMetrics(), 4096);
        http = HttpFrontend.start(new InetSocketAddress("127.0.0.1", 0), null, dispatcher);
    }

    @AfterEach
    void stop() {
        http.close();
        db.close();
        Files2.deleteTree(dir);
    }

    @Test
    void anAnswerTheJdkServerRefusesToSendBecomesA500WithTheErrorBodyAndIsLogged() {
        var url = java.net.URI.create("http://127.0.0.1:" + http.address().getPort());
        RawHttp.Answer a = RawHttp.exchange(url, "GET /api/v1/bad-header HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(500, a.status(), a.raw());
        String id = a.header("X-Request-Id");
        assertTrue(id.startsWith("req-"), a.raw());
        JsonObject body = a.json();
        assertEquals("internal_error", body.string("error"));
        assertEquals(id, body.string("request_id"));
        assertTrue(body.string("message").contains("tell your Nexus admin"), a.raw());
        assertEquals(null, a.header("X-Note"));
        JsonObject access = awaitLine(id, "request");
        assertEquals(500, access.intValue("status"));
        assertEquals("/bad-header", access.string("route"));
        assertEquals("the answer could not be sent", awaitLine(id, "the answer could not be sent").string("msg"));
    }

    @Test
    void theLastResortBodyIsTheApiErrorBody() {
        JsonObject o = JsonCodec.parseObject(LastResort.body("req-abcdefghijklmnopqrst"));
        assertEquals("internal_error", o.string("error"));
        assertEquals("req-abcdefghijklmnopqrst", o.string("request_id"));
        assertEquals(JsonObject.empty(), o.object("details"));
    }

    private JsonObject awaitLine(String requestId, String msg) {
        for (int i = 0; i < 500; i++) {
            for (String line : log) {
                JsonObject o = JsonCodec.parseObject(line);
                if (requestId.equals(o.optString("request_id")) && msg.equals(o.string("msg"))) {
                    return o;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no " + msg + " line for " + requestId + ": " + log);
    }
}
