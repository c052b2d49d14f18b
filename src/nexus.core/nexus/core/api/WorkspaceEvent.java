package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Answer of {@code GET /workspaces/{ws}/events?since=V&wait=S}: the workspace as soon as its version exceeds V
 * (or as it is when the wait ends). {@code changed} says which of the two happened.
 */
public record WorkspaceEvent(long version, boolean changed, Workspace workspace) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("version", version).put("changed", changed).put("workspace", workspace).build();
    }

    public static WorkspaceEvent fromJson(JsonObject o) {
        return new WorkspaceEvent(o.longValue("version"), o.bool("changed"), Workspace.fromJson(o.object("workspace")));
    }
}
