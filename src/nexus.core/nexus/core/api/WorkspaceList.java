package nexus.core.api;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** One page of {@code GET /workspaces}. */
public record WorkspaceList(List<Workspace> workspaces, int total, int limit, int offset) implements JsonWritable {

    public WorkspaceList {
        workspaces = List.copyOf(workspaces);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().putAll("workspaces", workspaces).put("total", total).put("limit", limit).put("offset", offset).build();
    }

    public static WorkspaceList fromJson(JsonObject o) {
        return new WorkspaceList(o.objects("workspaces", Workspace::fromJson), o.intValue("total"), o.intValue("limit"), o.intValue("offset"));
    }
}
