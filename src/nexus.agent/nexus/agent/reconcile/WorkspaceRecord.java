package nexus.agent.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.config.ConfigOrigin;
import nexus.core.json.JsonObject;

/**
 * What the agent must remember about one workspace across its own restarts, in {@code <state>/workspaces/<id>.json}:
 * its instance and address (written before the instance is created, so a crash never leaves an instance the
 * agent does not know), how far creation got (each step is recorded once done, so a repeat skips it), the
 * resolved config, host keys, timeline, and the last observed state. Only the workspace's worker touches it.
 */
final class WorkspaceRecord {
    final String workspaceId;
    final String instance;
    final String driver;
    final int address;
    String name;
    int sshPort;
    List<Integer> servicePorts = List.of();
    boolean created;
    boolean cloned;
    boolean setupDone;
    String configYaml;
    ConfigOrigin configOrigin;
    List<String> hostKeys = List.of();
    List<String> hostKeyFingerprints = List.of();
    List<TimelineEntry> timeline = new ArrayList<>();
    long generation;
    long restartGeneration;
    WorkspaceState state = WorkspaceState.PENDING;
    Phase phase;
    WorkspaceError error;
    RepoState repoState;
    /** The services as last reported, so a restarted agent reports them until it has looked again. */
    Map<String, ServiceStatus> services = Map.of();

    WorkspaceRecord(String workspaceId, String instance, String driver, int address) {
        this.workspaceId = workspaceId;
        this.instance = instance;
        this.driver = driver;
        this.address = address;
    }

    /** Forgets creation progress, for an instance that vanished and must be made again. */
    void resetProgress() {
        created = false;
        cloned = false;
        setupDone = false;
        configYaml = null;
        configOrigin = null;
        hostKeys = List.of();
        hostKeyFingerprints = List.of();
        timeline = new ArrayList<>();
        services = Map.of();
    }

    JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("workspace_id", workspaceId)
                .put("name", name)
                .put("instance", instance)
                .put("driver", driver)
                .put("address", (long) address)
                .put("ssh_port", sshPort)
                .putInts("service_ports", servicePorts)
                .put("created", created)
                .put("cloned", cloned)
                .put("setup_done", setupDone)
                .put("config_yaml", configYaml)
                .putStrings("host_keys", hostKeys)
                .putStrings("host_key_fingerprints", hostKeyFingerprints)
                .putAll("timeline", timeline)
                .put("generation", generation)
                .put("restart_generation", restartGeneration)
                .put("state", state)
                .put("phase", phase)
                .put("error", error)
                .put("repo_state", repoState)
                .putMap("services", new java.util.TreeMap<>(services));
        if (configOrigin != null) {
            b.put("config_origin", configOrigin.kind().name()).put("config_origin_description", configOrigin.description());
        }
        return b.build();
    }

    static WorkspaceRecord fromJson(JsonObject o) {
        WorkspaceRecord r = new WorkspaceRecord(o.string("workspace_id"), o.string("instance"), o.string("driver"),
                (int) o.longValue("address"));
        r.name = o.optString("name");
        r.sshPort = o.intValue("ssh_port");
        r.servicePorts = o.ints("service_ports");
        r.created = o.bool("created");
        r.cloned = o.bool("cloned");
        r.setupDone = o.bool("setup_done");
        r.configYaml = o.optString("config_yaml");
        if (o.has("config_origin")) {
            r.configOrigin = new ConfigOrigin(ConfigOrigin.Kind.valueOf(o.string("config_origin")), o.string("config_origin_description"));
        }
        r.hostKeys = o.strings("host_keys");
        r.hostKeyFingerprints = o.strings("host_key_fingerprints");
        r.timeline = new ArrayList<>(o.objects("timeline", TimelineEntry::fromJson));
        r.generation = o.longValue("generation");
        r.restartGeneration = o.longValue("restart_generation");
        r.state = o.enumValue("state", WorkspaceState.class);
        r.phase = o.optEnum("phase", Phase.class);
        r.error = o.optObject("error", WorkspaceError::fromJson);
        r.repoState = o.optObject("repo_state", RepoState::fromJson);
        r.services = o.has("services") ? o.objectMap("services", ServiceStatus::fromJson) : Map.of();
        return r;
    }
}
