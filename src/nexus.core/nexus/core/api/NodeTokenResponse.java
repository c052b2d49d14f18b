package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** A node token, shown this once; give it to {@code nexus-agent serve --token}. */
public record NodeTokenResponse(String token, String name) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("token", token).put("name", name).build();
    }

    public static NodeTokenResponse fromJson(JsonObject o) {
        return new NodeTokenResponse(o.string("token"), o.string("name"));
    }
}
