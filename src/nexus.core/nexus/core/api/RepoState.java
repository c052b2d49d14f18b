package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Work in a workspace's clone that exists nowhere else: files changed but not committed, commits not pushed to
 * any remote. Deleting a workspace with either is refused unless forced.
 */
public record RepoState(int uncommittedFiles, int unpushedCommits, Instant checkedAt) implements JsonWritable {

    public boolean hasUnsavedWork() {
        return uncommittedFiles > 0 || unpushedCommits > 0;
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("uncommitted_files", uncommittedFiles)
                .put("unpushed_commits", unpushedCommits)
                .put("checked_at", checkedAt)
                .build();
    }

    public static RepoState fromJson(JsonObject o) {
        return new RepoState(o.intValue("uncommitted_files"), o.intValue("unpushed_commits"), o.instant("checked_at"));
    }
}
