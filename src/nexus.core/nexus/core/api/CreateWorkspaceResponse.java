package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** 202 answer of {@code POST /workspaces}: where to poll and how to connect once it runs. */
public record CreateWorkspaceResponse(String workspaceId, String name, WorkspaceState status, SshInfo ssh,
                                      String pollingUrl, int estimatedTimeSeconds, Instant createdAt)
        implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("workspace_id", workspaceId)
                .put("name", name)
                .put("status", status)
                .put("ssh", ssh)
                .put("polling_url", pollingUrl)
                .put("estimated_time_seconds", estimatedTimeSeconds)
                .put("created_at", createdAt)
                .build();
    }

    public static CreateWorkspaceResponse fromJson(JsonObject o) {
        return new CreateWorkspaceResponse(o.string("workspace_id"), o.string("name"), o.enumValue("status", WorkspaceState.class),
                o.optObject("ssh", SshInfo::fromJson), o.string("polling_url"), o.intValue("estimated_time_seconds"),
                o.instant("created_at"));
    }
}
