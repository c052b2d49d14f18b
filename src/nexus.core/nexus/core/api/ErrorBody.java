package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Every API error: a stable code (invalid_request, auth_required, forbidden, not_found, conflict,
 * workspace_exists, no_node_available, internal_error, …), a message that says what to do next, details
 * (e.g. {@code field}, {@code missing_fields}) and the request id that is also in the server log.
 */
public record ErrorBody(String error, String message, JsonObject details, String requestId) implements JsonWritable {

    public ErrorBody {
        details = details == null ? JsonObject.empty() : details.at("$");
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("error", error).put("message", message).put("details", details).put("request_id", requestId).build();
    }

    public static ErrorBody fromJson(JsonObject o) {
        return new ErrorBody(o.string("error"), o.string("message"),
                o.has("details") ? o.object("details") : JsonObject.empty(), o.optString("request_id"));
    }
}
