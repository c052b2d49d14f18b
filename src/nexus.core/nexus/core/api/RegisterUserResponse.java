package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** Answer of {@code POST /users/register}; {@code token} is the user's API token, shown this once. */
public record RegisterUserResponse(String userId, String githubUsername, String sshPubkeyFingerprint, String token,
                                   Instant registeredAt) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("user_id", userId)
                .put("github_username", githubUsername)
                .put("ssh_pubkey_fingerprint", sshPubkeyFingerprint)
                .put("token", token)
                .put("registered_at", registeredAt)
                .build();
    }

    public static RegisterUserResponse fromJson(JsonObject o) {
        return new RegisterUserResponse(o.string("user_id"), o.string("github_username"), o.string("ssh_pubkey_fingerprint"),
                o.string("token"), o.instant("registered_at"));
    }
}
