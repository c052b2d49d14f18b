package nexus.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nexus.cli.Env;
import nexus.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Progress animates only on a terminal, colours obey NO_COLOR, and --json keeps stdout to one document. */
class OutputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Output output(boolean interactive, boolean json, Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(vars);
        env.put("HOME", "/tmp");
        return Output.of(new Env(env, Path.of("/tmp"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                interactive, false), json, false, false, false);
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlace() throws Exception {
        try (Progress p = output(true, false, Map.of()).progress()) {
            p.status("creating · clone");
            Thread.sleep(250);
            p.done("✓ clone 1.2s");
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("\r") && e.contains("creating · clone") && e.contains("\033[K"), e);
        assertTrue(e.contains("✓ clone 1.2s\n"), e);
        assertTrue(e.endsWith("\r\033[K"), "the status line is cleared at the end");
        assertEquals("", out.toString(StandardCharsets.UTF_8), "progress never touches stdout");
    }

    @Test
    void withoutATerminalEachChangeIsOnePlainLine() {
        try (Progress p = output(false, false, Map.of()).progress()) {
            p.status("creating · clone");
            p.status("creating · clone");
            p.status("creating · setup");
        }
        assertEquals("creating · clone\ncreating · setup\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void coloursOnlyOnATerminalAndNeverWithNoColor() {
        assertTrue(output(true, false, Map.of()).style().color());
        assertFalse(output(true, false, Map.of("NO_COLOR", "1")).style().color());
        assertFalse(output(true, false, Map.of("TERM", "dumb")).style().color());
        assertFalse(output(false, false, Map.of()).style().color());
    }

    @Test
    void jsonModePrintsOneDocumentAndNoProgress() {
        Output o = output(true, true, Map.of());
        try (Progress p = o.progress()) {
            p.status("working");
        }
        o.info("note");
        o.line("text");
        o.document(JsonObject.builder().put("a", 1L).build());
        o.document(JsonObject.builder().put("b", 2L).build());
        assertEquals("{\n  \"a\" : 1\n}\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
