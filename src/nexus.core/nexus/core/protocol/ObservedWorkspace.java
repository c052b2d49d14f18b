package nexus.core.protocol;

import java.util.List;
import java.util.Map;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * What an agent observes of one workspace, reported in {@code POST /nodes/{id}/status}. {@code generation} is the
 * spec generation the agent was converging to. {@code state} {@code deleted} confirms that nothing of the
 * workspace is left on the node (the server then frees its ports and forgets it).
 */
public record ObservedWorkspace(
        String workspaceId,
        long generation,
        WorkspaceState state,
        Phase phase,
        String ip,
        Map<String, ServiceStatus> services,
        List<TimelineEntry> timeline,
        List<String> hostKeys,
        List<String> hostKeyFingerprints,
        WorkspaceError error,
        RepoState repoState) implements JsonWritable {

    public ObservedWorkspace {
        services = Map.copyOf(services);
        timeline = List.copyOf(timeline);
        hostKeys = List.copyOf(hostKeys);
        hostKeyFingerprints = List.copyOf(hostKeyFingerprints);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("workspace_id", workspaceId)
                .put("generation", generation)
                .put("state", state)
                .put("phase", phase)
                .put("ip", ip)
                .putMap("services", new java.util.TreeMap<>(services))
                .putAll("timeline", timeline)
                .putStrings("host_keys", hostKeys)
                .putStrings("host_key_fingerprints", hostKeyFingerprints)
                .put("error", error)
                .put("repo_state", repoState)
                .build();
    }

    public static ObservedWorkspace fromJson(JsonObject o) {
        return new ObservedWorkspace(
                o.string("workspace_id"),
                o.longValue("generation"),
                o.enumValue("state", WorkspaceState.class),
                o.optEnum("phase", Phase.class),
                o.optString("ip"),
                o.objectMap("services", ServiceStatus::fromJson),
                o.objects("timeline", TimelineEntry::fromJson),
                o.strings("host_keys"),
                o.strings("host_key_fingerprints"),
                o.optObject("error", WorkspaceError::fromJson),
                o.optObject("repo_state", RepoState::fromJson));
    }
}
