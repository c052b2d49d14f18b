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
