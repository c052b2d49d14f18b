package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Why a workspace is in {@code error}: a stable {@code code} (e.g. {@code service_unhealthy},
 * {@code clone_failed}), a message that says what to do next, the phase it happened in (null outside creation)
 * and free-form details (for a failed service: {@code service}, {@code reason}, {@code log_tail}).
 */
public record WorkspaceError(String code, String message, Phase phase, JsonObject details) implements JsonWritable {

    public WorkspaceError {
        details = details == null ? JsonObject.empty() : details.at("$");
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("code", code).put("message", message).put("phase", phase).put("details", details).build();
    }

    public static WorkspaceError fromJson(JsonObject o) {
        return new WorkspaceError(o.string("code"), o.string("message"), o.optEnum("phase", Phase.class),
                o.has("details") ? o.object("details") : JsonObject.empty());
    }
}
