package nexus.core.api;

import java.time.Instant;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * A git bundle a user uploads (docs/api.md, Uploads): sent in parts of at most {@code partBytes}, each at the
 * offset {@code receivedBytes}; {@code complete} once every byte arrived and matched {@code sha256}. An upload no
 * workspace uses is deleted at {@code expiresAt}; one a workspace uses ({@code workspaceId}) lives as long as it.
 */
public record Upload(String uploadId, long sizeBytes, long receivedBytes, String sha256, boolean complete, long partBytes,
                     String workspaceId, Instant createdAt, Instant expiresAt) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("upload_id", uploadId).put("size_bytes", sizeBytes).put("received_bytes", receivedBytes)
                .put("sha256", sha256).put("complete", complete).put("part_bytes", partBytes).put("workspace_id", workspaceId)
                .put("created_at", createdAt).put("expires_at", expiresAt).build();
    }

    public static Upload fromJson(JsonObject o) {
        return new Upload(o.string("upload_id"), o.longValue("size_bytes"), o.longValue("received_bytes"), o.string("sha256"),
                o.bool("complete"), o.longValue("part_bytes"), o.optString("workspace_id"), o.instant("created_at"),
                o.optInstant("expires_at"));
    }
}
