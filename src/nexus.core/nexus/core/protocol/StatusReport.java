package nexus.core.protocol;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code POST /nodes/{id}/status}: observations of some or all of the node's workspaces. {@code complete} says
 * the list is every Nexus instance the node has (after a re-adoption scan), so the server may conclude that an
 * assigned workspace missing from it is gone.
 */
public record StatusReport(boolean complete, List<ObservedWorkspace> workspaces) implements JsonWritable {

    public StatusReport {
        workspaces = List.copyOf(workspaces);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("complete", complete).putAll("workspaces", workspaces).build();
    }

    public static StatusReport fromJson(JsonObject o) {
        return new StatusReport(o.bool("complete", false), o.objects("workspaces", ObservedWorkspace::fromJson));
    }
}
