package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * The repository a workspace is made from. Either {@code url} is cloned (https, ssh, or a path on the node that
 * its operator allowed), or {@code upload} names a git bundle the CLI uploaded from the user's computer
 * ({@code POST /uploads}); then {@code url} is the upstream the workspace's {@code origin} points at (absent when
 * the checkout had none) and {@code source} says where the upload came from ("laptop:/home/me/shop").
 * {@code owner}/{@code name} are informative (GitHub owner and repo, or the directory name); {@code branch} is
 * null for the default branch (for an upload: the branch that was checked out).
 */
public record Repository(String url, String owner, String name, String branch, String upload, String source)
        implements JsonWritable {

    /** A repository that is cloned from {@code url}. */
    public Repository(String url, String owner, String name, String branch) {
        this(url, owner, name, branch, null, null);
    }

    public boolean isUpload() {
        return upload != null;
    }

    /** The same repository made from {@code uploadId}, an upload of {@code source}. */
    public Repository withUpload(String uploadId, String uploadSource) {
        return new Repository(url, owner, name, branch, uploadId, uploadSource);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("url", url).put("owner", owner).put("name", name).put("branch", branch)
                .put("upload", upload).put("source", source).build();
    }

    public static Repository fromJson(JsonObject o) {
        return new Repository(o.optString("url"), o.optString("owner"), o.optString("name"), o.optString("branch"),
                o.optString("upload"), o.optString("source"));
    }
}
