package nexus.core.api;

import java.time.Instant;
import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code GET /users/me}. */
public record UserProfile(String userId, String githubUsername, List<SshKey> keys, Instant registeredAt)
        implements JsonWritable {

    public UserProfile {
        keys = List.copyOf(keys);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("user_id", userId)
                .put("github_username", githubUsername)
                .putAll("keys", keys)
                .put("registered_at", registeredAt)
                .build();
    }

    public static UserProfile fromJson(JsonObject o) {
        return new UserProfile(o.string("user_id"), o.string("github_username"), o.objects("keys", SshKey::fromJson),
                o.instant("registered_at"));
    }
}
