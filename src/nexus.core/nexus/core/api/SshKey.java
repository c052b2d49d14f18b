package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** A user's SSH public key: {@code type} as in the key line, {@code fingerprint} as {@code ssh-keygen -lf} prints it. */
public record SshKey(String fingerprint, String type, String publicKey, String comment, Instant addedAt)
        implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("fingerprint", fingerprint)
                .put("type", type)
                .put("public_key", publicKey)
                .put("comment", comment)
                .put("added_at", addedAt)
                .build();
    }

    public static SshKey fromJson(JsonObject o) {
        return new SshKey(o.string("fingerprint"), o.string("type"), o.string("public_key"), o.optString("comment"),
                o.instant("added_at"));
    }
}
