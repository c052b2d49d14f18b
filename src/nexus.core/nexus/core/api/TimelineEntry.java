package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** When a creation phase started and how long it took ({@code durationMs} is null while it runs). */
public record TimelineEntry(Phase phase, Instant startedAt, Long durationMs) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("phase", phase).put("started_at", startedAt).put("duration_ms", durationMs).build();
    }

    public static TimelineEntry fromJson(JsonObject o) {
        return new TimelineEntry(o.enumValue("phase", Phase.class), o.instant("started_at"), o.optLong("duration_ms"));
    }
}
