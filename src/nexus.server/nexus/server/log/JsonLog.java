package nexus.server.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.function.Consumer;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonTimes;

/**
 * The server log: one JSON object per line ({@code time}, {@code level}, {@code msg}, then fields), so it can be
 * grepped and shipped as is. Callers never pass a token, key or GitHub token; request logging passes route
 * templates, not raw paths.
 */
public final class JsonLog {
    private final Consumer<String> sink;
    private final Clock clock;

    public JsonLog(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public void info(String message, JsonObject fields) {
        write("info", message, fields, null);
    }

    public void info(String message) {
        write("info", message, JsonObject.empty(), null);
    }

    public void warn(String message, JsonObject fields) {
        write("warn", message, fields, null);
    }

    /**
     * The access-log line of one request, written without building a JSON tree (it is the one line every request
     * writes). Only {@code method} can hold client-chosen text; it is escaped like everything else.
     */
    public void request(String requestId, String method, String route, int status, long nanos, String remote, String userId) {
        StringBuilder b = new StringBuilder(256).append("{\"time\":\"").append(JsonTimes.format(clock.instant()))
                .append("\",\"level\":\"info\",\"msg\":\"request\",\"request_id\":");
        quote(b, requestId).append(",\"method\":");
        quote(b, method).append(",\"route\":");
        quote(b, route).append(",\"status\":").append(status).append(",\"duration_ms\":").append(Math.round(nanos / 1e4) / 100.0)
                .append(",\"remote\":");
        quote(b, remote);
        if (userId != null) {
            quote(b.append(",\"user_id\":"), userId);
        }
        sink.accept(b.append('}').toString());
    }

    /** Appends {@code s} as a JSON string. */
    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    public void error(String message, JsonObject fields, Throwable failure) {
        write("error", message, fields, failure);
    }

    private void write(String level, String message, JsonObject fields, Throwable failure) {
        JsonObject.Builder b = JsonObject.builder()
                .put("time", JsonTimes.format(clock.instant()))
                .put("level", level)
                .put("msg", message);
        for (var e : fields.members().entrySet()) {
            b.put(e.getKey(), e.getValue());
        }
        if (failure != null) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            b.put("exception", trace.toString());
        }
        sink.accept(b.build().toString());
    }
}
