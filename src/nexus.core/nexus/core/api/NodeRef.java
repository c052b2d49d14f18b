package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** The node a workspace runs on, as shown to its owner. */
public record NodeRef(String nodeId, String name, String host) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("node_id", nodeId).put("name", name).put("host", host).build();
    }

    public static NodeRef fromJson(JsonObject o) {
        return new NodeRef(o.string("node_id"), o.optString("name"), o.optString("host"));
    }
}
