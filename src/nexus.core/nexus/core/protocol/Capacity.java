package nexus.core.protocol;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** What a node offers to workspaces; the scheduler places a workspace on the node with the most left. */
public record Capacity(int cpus, long memoryMb, long diskMb, int maxWorkspaces) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("cpus", cpus)
                .put("memory_mb", memoryMb)
                .put("disk_mb", diskMb)
                .put("max_workspaces", maxWorkspaces)
                .build();
    }

    public static Capacity fromJson(JsonObject o) {
        return new Capacity(o.intValue("cpus"), o.longValue("memory_mb"), o.longValue("disk_mb"), o.intValue("max_workspaces"));
    }
}
