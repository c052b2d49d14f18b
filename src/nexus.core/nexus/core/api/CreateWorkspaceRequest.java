package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code POST /workspaces}. {@code provider} names a driver (lxc, incus, docker, sandbox; null = any),
 * {@code image} overrides the config's image, {@code config} is the text of a {@code .nexus/config.yaml} to use
 * instead of the repository's own (null = read it from the clone, or detect). {@code cloneToken} is a GitHub
 * token for cloning a private repository: used for that clone only, never stored.
 */
public record CreateWorkspaceRequest(String name, Repository repo, String provider, String image, String config,
                                     String cloneToken) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("name", name)
                .put("repo", repo)
                .put("provider", provider)
                .put("image", image)
                .put("config", config)
                .put("clone_token", cloneToken)
                .build();
    }

    public static CreateWorkspaceRequest fromJson(JsonObject o) {
        return new CreateWorkspaceRequest(o.string("name"), Repository.fromJson(o.object("repo")), o.optString("provider"),
                o.optString("image"), o.optString("config"), o.optString("clone_token"));
    }
}
