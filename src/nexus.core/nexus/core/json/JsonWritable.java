package nexus.core.json;

/** A model type that writes itself as JSON; its static {@code fromJson(JsonObject)} reads it back. */
public interface JsonWritable {
    JsonValue toJson();
}
