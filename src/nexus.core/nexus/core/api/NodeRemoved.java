package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * What {@code DELETE /nodes/{node}} did: the node's token is revoked; {@code nodeId} is absent when the token had
 * never registered a node; {@code workspacesRemoved} counts the workspaces the server forgot with it (force only).
 */
public record NodeRemoved(String nodeId, String name, int workspacesRemoved) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("node_id", nodeId)
                .put("name", name)
                .put("workspaces_removed", workspacesRemoved)
                .build();
    }

    public static NodeRemoved fromJson(JsonObject o) {
        return new NodeRemoved(o.optString("node_id"), o.string("name"), o.intValue("workspaces_removed"));
    }
}
