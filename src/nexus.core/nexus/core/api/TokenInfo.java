package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * A user's API token as {@code GET /users/me/tokens} lists it: never the secret, only what tells the tokens apart
 * (how it was minted, when it was last used) and when it stops working. {@code current} marks the caller's own.
 */
public record TokenInfo(String tokenId, String label, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                        boolean current) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("token_id", tokenId)
                .put("label", label)
                .put("created_at", createdAt)
                .put("last_used_at", lastUsedAt)
                .put("expires_at", expiresAt)
                .put("current", current)
                .build();
    }

    public static TokenInfo fromJson(JsonObject o) {
        return new TokenInfo(o.string("token_id"), o.string("label"), o.instant("created_at"), o.optInstant("last_used_at"),
                o.optInstant("expires_at"), o.bool("current"));
    }
}
