package nexus.core.api;

import java.util.List;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonString;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Why a workspace is in {@code error}: a stable {@code code} (e.g. {@code service_unhealthy},
 * {@code clone_failed}), a message that says what to do next, the phase it happened in (null outside creation)
 * and free-form details (for a failed service: {@code service}, {@code reason}, {@code log_tail}; for a failed
 * clone or image build: {@code output_tail}). The tails are arrays of lines.
 */
public record WorkspaceError(String code, String message, Phase phase, JsonObject details) implements JsonWritable {

    public WorkspaceError {
        details = details == null ? JsonObject.empty() : details.at("$");
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("code", code).put("message", message).put("phase", phase).put("details", details).build();
    }

    /** The last lines of output the node attached (a service's or hook's log, a clone's output), oldest first. */
    public List<String> outputTail() {
        for (String key : List.of("log_tail", "output_tail")) {
            JsonValue v = details.get(key);
            if (v instanceof JsonArray a) {
                return a.elements().stream().filter(e -> e instanceof JsonString).map(e -> ((JsonString) e).value()).toList();
            }
            if (v instanceof JsonString s) {
                return s.value().lines().toList();
            }
        }
        return List.of();
    }

    public static WorkspaceError fromJson(JsonObject o) {
        return new WorkspaceError(o.string("code"), o.string("message"), o.optEnum("phase", Phase.class),
                o.has("details") ? o.object("details") : JsonObject.empty());
    }
}
