package nexus.core.protocol;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** Answer of {@code POST /nodes/register}: the node id and how often the server expects a heartbeat. */
public record NodeRegistered(String nodeId, int heartbeatIntervalSeconds, int nodeTimeoutSeconds) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("node_id", nodeId)
                .put("heartbeat_interval_seconds", heartbeatIntervalSeconds)
                .put("node_timeout_seconds", nodeTimeoutSeconds)
                .build();
    }

    public static NodeRegistered fromJson(JsonObject o) {
        return new NodeRegistered(o.string("node_id"), o.intValue("heartbeat_interval_seconds"), o.intValue("node_timeout_seconds"));
    }
}
