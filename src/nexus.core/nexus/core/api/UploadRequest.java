package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /uploads}: announces an upload of {@code sizeBytes} bytes whose SHA-256 is {@code sha256} (hex). */
public record UploadRequest(long sizeBytes, String sha256) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("size_bytes", sizeBytes).put("sha256", sha256).build();
    }

    public static UploadRequest fromJson(JsonObject o) {
        return new UploadRequest(o.longValue("size_bytes"), o.string("sha256"));
    }
}
