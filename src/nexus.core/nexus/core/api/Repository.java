package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * The repository a workspace is made from. {@code url} is what gets cloned (https, ssh, file:// or an absolute
 * path on the node); {@code owner}/{@code name} are informative (GitHub owner and repo, or the directory name);
 * {@code branch} is null for the default branch.
 */
public record Repository(String url, String owner, String name, String branch) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("url", url).put("owner", owner).put("name", name).put("branch", branch).build();
    }

    public static Repository fromJson(JsonObject o) {
        return new Repository(o.string("url"), o.optString("owner"), o.optString("name"), o.optString("branch"));
    }
}
