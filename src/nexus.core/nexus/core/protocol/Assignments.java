package nexus.core.protocol;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code GET /nodes/{id}/assignments?since=V&wait=S}: every workspace assigned to the node with its desired
 * state — the full list, not a delta, so an agent that lost its memory converges from one answer.
 * {@code version} grows with every change to any of them; pass it back as {@code since}.
 */
public record Assignments(long version, List<WorkspaceSpec> workspaces) implements JsonWritable {

    public Assignments {
        workspaces = List.copyOf(workspaces);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("version", version).putAll("workspaces", workspaces).build();
    }

    public static Assignments fromJson(JsonObject o) {
        return new Assignments(o.longValue("version"), o.objects("workspaces", WorkspaceSpec::fromJson));
    }
}
