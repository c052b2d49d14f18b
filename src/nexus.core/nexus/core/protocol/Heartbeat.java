package nexus.core.protocol;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /nodes/{id}/heartbeat}: proof of life plus what the node sees of its own load. */
public record Heartbeat(int instances, long memoryAvailableMb, double loadAverage) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("instances", instances)
                .put("memory_available_mb", memoryAvailableMb)
                .put("load_average", loadAverage)
                .build();
    }

    public static Heartbeat fromJson(JsonObject o) {
        return new Heartbeat(o.intValue("instances", 0), o.has("memory_available_mb") ? o.longValue("memory_available_mb") : 0L,
                o.doubleValue("load_average", 0.0));
    }
}
