package nexus.core.protocol;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code POST /nodes/register} (node token). Registering again with the same token returns the same node id and
 * updates what the node says about itself. {@code drivers} lists the drivers that work on this node, best first.
 */
public record NodeRegistration(String name, String advertiseHost, List<String> drivers, Capacity capacity,
                               PortRange sshPorts, PortRange servicePorts, String version) implements JsonWritable {

    public NodeRegistration {
        drivers = List.copyOf(drivers);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("name", name)
                .put("advertise_host", advertiseHost)
                .putStrings("drivers", drivers)
                .put("capacity", capacity)
                .put("ssh_ports", sshPorts)
                .put("service_ports", servicePorts)
                .put("version", version)
                .build();
    }

    public static NodeRegistration fromJson(JsonObject o) {
        return new NodeRegistration(o.string("name"), o.string("advertise_host"), o.strings("drivers"),
                Capacity.fromJson(o.object("capacity")),
                o.has("ssh_ports") ? PortRange.fromJson(o.object("ssh_ports")) : PortRange.DEFAULT_SSH,
                o.has("service_ports") ? PortRange.fromJson(o.object("service_ports")) : PortRange.DEFAULT_SERVICES,
                o.string("version"));
    }
}
