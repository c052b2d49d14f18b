package nexus.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Full status of a workspace ({@code GET /workspaces/{ws}}). {@code version} grows with every change and is
 * what {@code /events?since=} waits on. Nullable: phase (outside creation), node (before scheduling), ssh
 * (before ports are allocated), error, repoState (before the first check), readyAt, image, provider.
 */
public record Workspace(
        String workspaceId,
        String name,
        String ownerId,
        String owner,
        WorkspaceState status,
        Phase phase,
        DesiredState desiredState,
        Repository repository,
        String provider,
        String image,
        NodeRef node,
        SshInfo ssh,
        Map<String, ServiceStatus> services,
        List<TimelineEntry> timeline,
        WorkspaceError error,
        RepoState repoState,
        Instant createdAt,
        Instant updatedAt,
        Instant readyAt,
        long version) implements JsonWritable {

    public Workspace {
        services = Map.copyOf(services);
        timeline = List.copyOf(timeline);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("workspace_id", workspaceId)
                .put("name", name)
                .put("owner_id", ownerId)
                .put("owner", owner)
                .put("status", status)
                .put("phase", phase)
                .put("desired_state", desiredState)
                .put("repository", repository)
                .put("provider", provider)
                .put("image", image)
                .put("node", node)
                .put("ssh", ssh)
                .putMap("services", new java.util.TreeMap<>(services))
                .putAll("timeline", timeline)
                .put("error", error)
                .put("repo_state", repoState)
                .put("created_at", createdAt)
                .put("updated_at", updatedAt)
                .put("ready_at", readyAt)
                .put("version", version)
                .build();
    }

    public static Workspace fromJson(JsonObject o) {
        return new Workspace(
                o.string("workspace_id"),
                o.string("name"),
                o.string("owner_id"),
                o.optString("owner"),
                o.enumValue("status", WorkspaceState.class),
                o.optEnum("phase", Phase.class),
                o.enumValue("desired_state", DesiredState.class),
                Repository.fromJson(o.object("repository")),
                o.optString("provider"),
                o.optString("image"),
                o.optObject("node", NodeRef::fromJson),
                o.optObject("ssh", SshInfo::fromJson),
                o.objectMap("services", ServiceStatus::fromJson),
                o.objects("timeline", TimelineEntry::fromJson),
                o.optObject("error", WorkspaceError::fromJson),
                o.optObject("repo_state", RepoState::fromJson),
                o.instant("created_at"),
                o.instant("updated_at"),
                o.optInstant("ready_at"),
                o.longValue("version"));
    }
}
