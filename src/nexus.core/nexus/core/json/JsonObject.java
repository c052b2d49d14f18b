package nexus.core.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON object with typed, path-aware accessors. Required accessors throw {@link JsonException} naming the
 * path when the member is missing or has the wrong type; {@code opt…} accessors return null for a missing or
 * null member. Unknown members are simply never read, which is how readers ignore them.
 */
public final class JsonObject implements JsonValue {
    private static final JsonObject EMPTY = new JsonObject(Map.of(), "$");

    private final Map<String, JsonValue> members;
    /*
     * The path in parts (the parent's path, then this object's member name or element index), joined only when
     * asked for, i.e. for an error message: a parsed array of 300,000 small objects would otherwise hold a path
     * string per element, more memory than the elements themselves.
     */
    private final String parent;
    private final String key;
    private final int index;

    JsonObject(Map<String, JsonValue> members, String path) {
        this(members, path, null, -1);
    }

    /** An object at member {@code key} (or, when null, element {@code index}) of the value at {@code parent}. */
    JsonObject(Map<String, JsonValue> members, String parent, String key, int index) {
        this.members = members;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    public static JsonObject empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String typeName() {
        return "object";
    }

    /** The JSON path of this object ("$" for a document root or a built object). */
    public String path() {
        return JsonPaths.join(parent, key, index);
    }

    public Map<String, JsonValue> members() {
        return Collections.unmodifiableMap(members);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(members.keySet());
    }

    public boolean has(String key) {
        JsonValue v = members.get(key);
        return v != null && v != JsonNull.INSTANCE;
    }

    /** The raw member, or null when absent. */
    public JsonValue get(String key) {
        return members.get(key);
    }

    /** This object with a different path, for values embedded in a larger document. */
    public JsonObject at(String newPath) {
        return new JsonObject(members, newPath);
    }

    public String pathOf(String key) {
        return JsonPaths.member(path(), key);
    }

    // ---- required members

    public String string(String key) {
        return asString(required(key), key);
    }

    public long longValue(String key) {
        return asLong(required(key), key);
    }

    public int intValue(String key) {
        return toInt(asLong(required(key), key), key);
    }

    public boolean bool(String key) {
        return asBoolean(required(key), key);
    }

    public double doubleValue(String key) {
        JsonValue v = required(key);
        if (v instanceof JsonNumber n) {
            return n.value().doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    public Instant instant(String key) {
        return asInstant(string(key), key);
    }

    public JsonObject object(String key) {
        return asObject(required(key), key);
    }

    public JsonArray array(String key) {
        return asArray(required(key), key);
    }

    public <E extends Enum<E> & WireEnum> E enumValue(String key, Class<E> type) {
        return asEnum(string(key), key, type);
    }

    // ---- optional members: null when missing or JSON null

    public String optString(String key) {
        return has(key) ? string(key) : null;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public Long optLong(String key) {
        return has(key) ? longValue(key) : null;
    }

    public Integer optInt(String key) {
        return has(key) ? intValue(key) : null;
    }

    public int intValue(String key, int fallback) {
        return has(key) ? intValue(key) : fallback;
    }

    public double doubleValue(String key, double fallback) {
        return has(key) ? doubleValue(key) : fallback;
    }

    public Boolean optBool(String key) {
        return has(key) ? bool(key) : null;
    }

    public boolean bool(String key, boolean fallback) {
        return has(key) ? bool(key) : fallback;
    }

    public Instant optInstant(String key) {
        return has(key) ? instant(key) : null;
    }

    public JsonObject optObject(String key) {
        return has(key) ? object(key) : null;
    }

    public <E extends Enum<E> & WireEnum> E optEnum(String key, Class<E> type) {
        return has(key) ? enumValue(key, type) : null;
    }

    /** An optional nested record: null when missing. */
    public <T> T optObject(String key, Function<JsonObject, T> reader) {
        return has(key) ? reader.apply(object(key)) : null;
    }

    /** A list of objects read with {@code reader}; an empty list when the member is missing. */
    public <T> List<T> objects(String key, Function<JsonObject, T> reader) {
        return has(key) ? array(key).objects(reader) : List.of();
    }

    /** A list of strings; an empty list when the member is missing. */
    public List<String> strings(String key) {
        return has(key) ? array(key).strings() : List.of();
    }

    /** A list of integers; an empty list when the member is missing. */
    public List<Integer> ints(String key) {
        return has(key) ? array(key).ints() : List.of();
    }

    /** An object whose members all have the same shape, in document order; empty when missing. */
    public <T> Map<String, T> objectMap(String key, Function<JsonObject, T> reader) {
        if (!has(key)) {
            return Map.of();
        }
        JsonObject o = object(key);
        Map<String, T> result = new LinkedHashMap<>();
        for (String k : o.members.keySet()) {
            result.put(k, reader.apply(o.object(k)));
        }
        return Collections.unmodifiableMap(result);
    }

    /** An object of string values, in document order; empty when missing. */
    public Map<String, String> stringMap(String key) {
        if (!has(key)) {
            return Map.of();
        }
        JsonObject o = object(key);
        Map<String, String> result = new LinkedHashMap<>();
        for (String k : o.members.keySet()) {
            result.put(k, o.string(k));
        }
        return Collections.unmodifiableMap(result);
    }

    // ---- conversions shared with JsonArray

    private JsonValue required(String key) {
        JsonValue v = members.get(key);
        if (v == null || v == JsonNull.INSTANCE) {
            throw new JsonException(pathOf(key), "required field is missing");
        }
        return v;
    }

    String asString(JsonValue v, String key) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw wrongType(key, "a string", v);
    }

    long asLong(JsonValue v, String key) {
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.value().longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonException(pathOf(key), "integer out of range: " + n.value());
            }
        }
        throw wrongType(key, "an integer", v);
    }

    int toInt(long value, String key) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new JsonException(pathOf(key), "integer out of range: " + value);
        }
        return (int) value;
    }

    boolean asBoolean(JsonValue v, String key) {
        if (v instanceof JsonBoolean b) {
            return b.value();
        }
        throw wrongType(key, "true or false", v);
    }

    Instant asInstant(String text, String key) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new JsonException(pathOf(key), "expected an RFC 3339 UTC time like 2026-01-31T12:00:00Z, got \"" + text + "\"");
        }
    }

    JsonObject asObject(JsonValue v, String key) {
        if (v instanceof JsonObject o) {
            return o.at(pathOf(key));
        }
        throw wrongType(key, "an object", v);
    }

    JsonArray asArray(JsonValue v, String key) {
        if (v instanceof JsonArray a) {
            return a.at(pathOf(key));
        }
        throw wrongType(key, "an array", v);
    }

    <E extends Enum<E> & WireEnum> E asEnum(String text, String key, Class<E> type) {
        E e = WireEnum.parse(type, text);
        if (e == null) {
            throw new JsonException(pathOf(key), "unknown value \"" + text + "\"; expected one of " + WireEnum.names(type));
        }
        return e;
    }

    private JsonException wrongType(String key, String expected, JsonValue actual) {
        return new JsonException(pathOf(key), "expected " + expected + ", got " + describe(actual));
    }

    static String describe(JsonValue v) {
        return switch (v) {
            case JsonString s -> "a string";
            case JsonNumber n -> n.isIntegral() ? "an integer" : "a number";
            case JsonBoolean b -> "a boolean";
            case JsonObject o -> "an object";
            case JsonArray a -> "an array";
            case JsonNull n -> "null";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonCodec.write(this);
    }

    /** Builds an object in insertion order. {@code put} with a null value writes nothing (members are optional). */
    public static final class Builder {
        private final Map<String, JsonValue> members = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String key, JsonValue value) {
            Objects.requireNonNull(key, "key");
            if (value != null) {
                members.put(key, value);
            }
            return this;
        }

        public Builder put(String key, String value) {
            return value == null ? this : put(key, new JsonString(value));
        }

        public Builder put(String key, Long value) {
            return value == null ? this : put(key, JsonNumber.of(value));
        }

        public Builder put(String key, Integer value) {
            return value == null ? this : put(key, JsonNumber.of(value));
        }

        public Builder put(String key, long value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, double value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, BigDecimal value) {
            return value == null ? this : put(key, new JsonNumber(value));
        }

        public Builder put(String key, Boolean value) {
            return value == null ? this : put(key, JsonBoolean.of(value));
        }

        public Builder put(String key, Instant value) {
            return value == null ? this : put(key, new JsonString(JsonTimes.format(value)));
        }

        public Builder put(String key, WireEnum value) {
            return value == null ? this : put(key, new JsonString(value.wire()));
        }

        public Builder put(String key, JsonWritable value) {
            return value == null ? this : put(key, value.toJson());
        }

        /** An explicit JSON null, for members whose absence and nullness mean the same but clients expect the key. */
        public Builder putNull(String key) {
            members.put(key, JsonNull.INSTANCE);
            return this;
        }

        public Builder putStrings(String key, List<String> values) {
            return values == null ? this : put(key, JsonArray.ofStrings(values));
        }

        public Builder putInts(String key, List<Integer> values) {
            return values == null ? this : put(key, JsonArray.ofInts(values));
        }

        public Builder putAll(String key, List<? extends JsonWritable> values) {
            return values == null ? this : put(key, JsonArray.of(values));
        }

        public Builder putStringMap(String key, Map<String, String> values) {
            if (values == null) {
                return this;
            }
            Builder b = new Builder();
            values.forEach(b::put);
            return put(key, b.build());
        }

        public Builder putMap(String key, Map<String, ? extends JsonWritable> values) {
            if (values == null) {
                return this;
            }
            Builder b = new Builder();
            values.forEach(b::put);
            return put(key, b.build());
        }

        public JsonObject build() {
            return new JsonObject(Collections.unmodifiableMap(new LinkedHashMap<>(members)), "$");
        }
    }
}
