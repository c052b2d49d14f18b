package nexus.cli.settings;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** The server {@code nexus} started on this machine: its URL, data directory, process id and log. */
public record LocalServerInfo(String url, String dataDir, long pid, String logFile, Instant startedAt)
        implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("url", url)
                .put("data_dir", dataDir)
                .put("pid", pid)
                .put("log_file", logFile)
                .put("started_at", startedAt)
                .build();
    }

    public static LocalServerInfo fromJson(JsonObject o) {
        return new LocalServerInfo(o.string("url"), o.string("data_dir"), o.longValue("pid"), o.optString("log_file"),
                o.optInstant("started_at"));
    }
}
