package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code POST /users/register}: one proof of identity — a GitHub token (verified with the GitHub API, never
 * stored) or an admin-issued invite token — and the user's SSH public key in authorized_keys form.
 */
public record RegisterUserRequest(String githubToken, String inviteToken, String sshPubkey) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("github_token", githubToken).put("invite_token", inviteToken).put("ssh_pubkey", sshPubkey).build();
    }

    public static RegisterUserRequest fromJson(JsonObject o) {
        return new RegisterUserRequest(o.optString("github_token"), o.optString("invite_token"), o.string("ssh_pubkey"));
    }
}
