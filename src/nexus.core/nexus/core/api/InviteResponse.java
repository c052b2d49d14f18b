package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** A single-use invite; {@code inviteToken} is shown this once. */
public record InviteResponse(String inviteToken, String username, Instant expiresAt) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("invite_token", inviteToken).put("username", username).put("expires_at", expiresAt).build();
    }

    public static InviteResponse fromJson(JsonObject o) {
        return new InviteResponse(o.string("invite_token"), o.string("username"), o.instant("expires_at"));
    }
}
