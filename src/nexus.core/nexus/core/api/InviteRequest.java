package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /invites} (admin): the username the single-use invite will create. */
public record InviteRequest(String username) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("username", username).build();
    }

    public static InviteRequest fromJson(JsonObject o) {
        return new InviteRequest(o.string("username"));
    }
}
