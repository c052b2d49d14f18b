package nexus.core.api;

import java.time.Instant;
import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.PortRange;

/** A node as the admin sees it ({@code GET /nodes}). */
public record NodeInfo(String nodeId, String name, NodeState state, String advertiseHost, List<String> drivers,
                       Capacity capacity, PortRange sshPorts, PortRange servicePorts, int workspaces,
                       Instant lastHeartbeat, String version) implements JsonWritable {

    public NodeInfo {
        drivers = List.copyOf(drivers);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("node_id", nodeId)
                .put("name", name)
                .put("state", state)
                .put("advertise_host", advertiseHost)
                .putStrings("drivers", drivers)
                .put("capacity", capacity)
                .put("ssh_ports", sshPorts)
                .put("service_ports", servicePorts)
                .put("workspaces", workspaces)
                .put("last_heartbeat", lastHeartbeat)
                .put("version", version)
                .build();
    }

    public static NodeInfo fromJson(JsonObject o) {
        return new NodeInfo(o.string("node_id"), o.string("name"), o.enumValue("state", NodeState.class),
                o.string("advertise_host"), o.strings("drivers"), Capacity.fromJson(o.object("capacity")),
                PortRange.fromJson(o.object("ssh_ports")), PortRange.fromJson(o.object("service_ports")),
                o.intValue("workspaces"), o.optInstant("last_heartbeat"), o.string("version"));
    }
}
