package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * One service of a workspace. {@code port} is the port inside the workspace, {@code mappedPort} the node port
 * forwarded to it (null if none was free), {@code url} where it is reached from the laptop once
 * {@code nexus workspace forward} runs. {@code message} explains a failure or a wait in one line.
 */
public record ServiceStatus(ServiceState status, Health health, Integer port, Integer mappedPort, String url,
                            Instant lastCheck, Integer restarts, String message) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("status", status)
                .put("health", health)
                .put("port", port)
                .put("mapped_port", mappedPort)
                .put("url", url)
                .put("last_check", lastCheck)
                .put("restarts", restarts)
                .put("message", message)
                .build();
    }

    public static ServiceStatus fromJson(JsonObject o) {
        return new ServiceStatus(o.enumValue("status", ServiceState.class), o.enumValue("health", Health.class),
                o.optInt("port"), o.optInt("mapped_port"), o.optString("url"), o.optInstant("last_check"),
                o.optInt("restarts"), o.optString("message"));
    }
}
