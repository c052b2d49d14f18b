package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /nodes/tokens} (admin): the name of the node the token will register. */
public record NodeTokenRequest(String name) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("name", name).build();
    }

    public static NodeTokenRequest fromJson(JsonObject o) {
        return new NodeTokenRequest(o.string("name"));
    }
}
