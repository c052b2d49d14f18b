package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /users/me/keys}: a public key line ("ssh-ed25519 AAAA… comment"). */
public record AddKeyRequest(String publicKey) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("public_key", publicKey).build();
    }

    public static AddKeyRequest fromJson(JsonObject o) {
        return new AddKeyRequest(o.string("public_key"));
    }
}
