package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code GET /health}: unauthenticated liveness plus node counts. */
public record HealthStatus(String status, String version, long uptimeSeconds, int nodesOnline, int nodesOffline)
        implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("status", status)
                .put("version", version)
                .put("uptime_seconds", uptimeSeconds)
                .put("nodes", JsonObject.builder().put("online", nodesOnline).put("offline", nodesOffline).build())
                .build();
    }

    public static HealthStatus fromJson(JsonObject o) {
        JsonObject nodes = o.object("nodes");
        return new HealthStatus(o.string("status"), o.string("version"), o.longValue("uptime_seconds"),
                nodes.intValue("online"), nodes.intValue("offline"));
    }
}
