package nexus.core.json;

/** A parsed or built JSON value. Objects and arrays remember the JSON path they were reached by, for errors. */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** The JSON type as a reader would say it: "object", "array", "string", "number", "boolean", "null". */
    String typeName();

    static JsonValue of(String value) {
        return value == null ? JsonNull.INSTANCE : new JsonString(value);
    }

    static JsonValue of(long value) {
        return JsonNumber.of(value);
    }

    static JsonValue of(boolean value) {
        return JsonBoolean.of(value);
    }
}
