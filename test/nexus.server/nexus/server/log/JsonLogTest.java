package nexus.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    @Test
    void requestLinesAreJsonEvenWithHostileMethods() {
        List<String> lines = new ArrayList<>();
        JsonLog log = new JsonLog(lines::add, Clock.systemUTC());
        log.request("req-x", "GE\"T\n\u2028\\", "/workspaces/{ws}", 404, 1_234_567, "127.0.0.1", "user-abc");
        log.request("req-y", "GET", "unmatched", 401, 10, "::1", null);
        JsonObject a = JsonCodec.parseObject(lines.get(0));
        assertEquals("GE\"T\n\u2028\\", a.string("method"));
        assertEquals("/workspaces/{ws}", a.string("route"));
        assertEquals(404, a.intValue("status"));
        assertEquals(1.23, a.doubleValue("duration_ms"));
        assertEquals("user-abc", a.string("user_id"));
        assertFalse(lines.get(0).contains("\n"), "one line per request");
        assertFalse(JsonCodec.parseObject(lines.get(1)).has("user_id"));
    }

    @Test
    void lineWriterWritesEverythingBeforeClosing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineWriter w = new LineWriter(out);
        for (int i = 0; i < 1000; i++) {
            w.accept("line " + i);
        }
        w.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("line 0\n"));
        assertTrue(text.endsWith("line 999\n"));
        assertEquals(1000, text.lines().count());
    }
}
