package nexus.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** A JSON array; element accessors report paths like "$.keys[3]". */
public final class JsonArray implements JsonValue {
    private final List<JsonValue> elements;
    /* The path in parts, joined when asked for (see JsonObject). */
    private final String parent;
    private final String key;
    private final int index;

    JsonArray(List<JsonValue> elements, String path) {
        this(elements, path, null, -1);
    }

    /** An array at member {@code key} (or, when null, element {@code index}) of the value at {@code parent}. */
    JsonArray(List<JsonValue> elements, String parent, String key, int index) {
        this.elements = elements;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    public static JsonArray of(List<? extends JsonWritable> values) {
        List<JsonValue> list = new ArrayList<>(values.size());
        for (JsonWritable v : values) {
            list.add(v.toJson());
        }
        return new JsonArray(Collections.unmodifiableList(list), "$");
    }

    public static JsonArray ofStrings(List<String> values) {
        List<JsonValue> list = new ArrayList<>(values.size());
        for (String v : values) {
            list.add(new JsonString(v));
        }
        return new JsonArray(Collections.unmodifiableList(list), "$");
    }

    public static JsonArray ofInts(List<Integer> values) {
        List<JsonValue> list = new ArrayList<>(values.size());
        for (int v : values) {
            list.add(JsonNumber.of(v));
        }
        return new JsonArray(Collections.unmodifiableList(list), "$");
    }

    public static JsonArray ofValues(List<JsonValue> values) {
        return new JsonArray(List.copyOf(values), "$");
    }

    @Override
    public String typeName() {
        return "array";
    }

    public String path() {
        return JsonPaths.join(parent, key, index);
    }

    JsonArray at(String newPath) {
        return new JsonArray(elements, newPath);
    }

    public List<JsonValue> elements() {
        return elements;
    }

    public int size() {
        return elements.size();
    }

    public <T> List<T> objects(Function<JsonObject, T> reader) {
        List<T> result = new ArrayList<>(elements.size());
        String path = path();
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof JsonObject o)) {
                throw new JsonException(path + "[" + i + "]", "expected an object, got " + JsonObject.describe(elements.get(i)));
            }
            result.add(reader.apply(o.at(path + "[" + i + "]")));
        }
        return Collections.unmodifiableList(result);
    }

    public List<String> strings() {
        List<String> result = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof JsonString s)) {
                throw new JsonException(path() + "[" + i + "]", "expected a string, got " + JsonObject.describe(elements.get(i)));
            }
            result.add(s.value());
        }
        return Collections.unmodifiableList(result);
    }

    public List<Integer> ints() {
        List<Integer> result = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String at = path() + "[" + i + "]";
            if (!(elements.get(i) instanceof JsonNumber n) || !n.isIntegral()) {
                throw new JsonException(at, "expected an integer, got " + JsonObject.describe(elements.get(i)));
            }
            try {
                result.add(n.value().intValueExact());
            } catch (ArithmeticException e) {
                throw new JsonException(at, "integer out of range: " + n.value());
            }
        }
        return Collections.unmodifiableList(result);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other && elements.equals(other.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return JsonCodec.write(this);
    }
}
