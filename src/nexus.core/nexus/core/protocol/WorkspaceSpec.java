package nexus.core.protocol;

import java.util.List;
import nexus.core.api.DesiredState;
import nexus.core.api.Repository;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Desired state of one workspace on a node, as the agent receives it in its assignments.
 *
 * <ul>
 * <li>{@code generation} grows whenever anything in this spec changes; {@code restartGeneration} grows on each
 *     restart request (the agent restarts the services once per increase).</li>
 * <li>{@code sshPort} and {@code servicePorts} are node ports allocated by the server; the agent forwards
 *     {@code sshPort} to the workspace's sshd and maps services onto {@code servicePorts} in config order.</li>
 * <li>{@code config} is config.yaml text given at creation (null: read {@code .nexus/config.yaml} from the clone,
 *     or detect the project).</li>
 * <li>{@code cloneToken} is a credential for a private clone; it is held in server memory only, so it may be
 *     absent after a server restart.</li>
 * <li>{@code force}: for stop, skip pre_stop; for delete, delete even with unsaved work.</li>
 * </ul>
 */
public record WorkspaceSpec(
        String workspaceId,
        String name,
        String ownerId,
        String owner,
        DesiredState desiredState,
        long generation,
        long restartGeneration,
        Repository repo,
        String provider,
        String image,
        String config,
        int sshPort,
        List<Integer> servicePorts,
        List<String> authorizedKeys,
        String cloneToken,
        boolean force) implements JsonWritable {

    public WorkspaceSpec {
        servicePorts = List.copyOf(servicePorts);
        authorizedKeys = List.copyOf(authorizedKeys);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("workspace_id", workspaceId)
                .put("name", name)
                .put("owner_id", ownerId)
                .put("owner", owner)
                .put("desired_state", desiredState)
                .put("generation", generation)
                .put("restart_generation", restartGeneration)
                .put("repo", repo)
                .put("provider", provider)
                .put("image", image)
                .put("config", config)
                .put("ssh_port", sshPort)
                .putInts("service_ports", servicePorts)
                .putStrings("authorized_keys", authorizedKeys)
                .put("clone_token", cloneToken)
                .put("force", force)
                .build();
    }

    public static WorkspaceSpec fromJson(JsonObject o) {
        return new WorkspaceSpec(
                o.string("workspace_id"),
                o.string("name"),
                o.string("owner_id"),
                o.optString("owner"),
                o.enumValue("desired_state", DesiredState.class),
                o.longValue("generation"),
                o.has("restart_generation") ? o.longValue("restart_generation") : 0L,
                Repository.fromJson(o.object("repo")),
                o.optString("provider"),
                o.optString("image"),
                o.optString("config"),
                o.intValue("ssh_port"),
                o.ints("service_ports"),
                o.strings("authorized_keys"),
                o.optString("clone_token"),
                o.bool("force", false));
    }
}
