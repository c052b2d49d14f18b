package nexus.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a JSON body, written once per API record: the OpenAPI document renders it, and the dispatcher
 * checks request bodies against it (every missing required field at once, then types) before the record reads
 * them. A subset of JSON Schema: what the Nexus API uses and nothing more.
 */
public sealed interface Schema {

    String description();

    record StringSchema(String description, String format, List<String> values, Integer maxLength) implements Schema {
        public StringSchema {
            values = values == null ? null : List.copyOf(values);
        }
    }

    record IntegerSchema(String description, Long minimum, Long maximum) implements Schema {}

    record NumberSchema(String description) implements Schema {}

    record BooleanSchema(String description) implements Schema {}

    record ArraySchema(String description, Schema items) implements Schema {}

    /**
     * {@code additionalProperties} non-null: a map whose values all have that shape. {@code freeForm}: any members
     * (e.g. error details).
     */
    record ObjectSchema(String description, Map<String, Schema> properties, Set<String> required,
                        Schema additionalProperties, boolean freeForm) implements Schema {
        public ObjectSchema {
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
            required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
        }
    }

    /** The value may also be JSON null (or absent). */
    record NullableSchema(Schema inner) implements Schema {
        @Override
        public String description() {
            return inner.description();
        }
    }

    /** A named component ({@code #/components/schemas/<name>}). */
    record RefSchema(String name, ObjectSchema target) implements Schema {
        @Override
        public String description() {
            return target.description();
        }
    }

    static StringSchema string(String description) {
        return new StringSchema(description, null, null, null);
    }

    static StringSchema string(String description, int maxLength) {
        return new StringSchema(description, null, null, maxLength);
    }

    static StringSchema dateTime(String description) {
        return new StringSchema(description, "date-time", null, null);
    }

    static StringSchema oneOf(String description, List<String> values) {
        return new StringSchema(description, null, values, null);
    }

    static IntegerSchema integer(String description) {
        return new IntegerSchema(description, null, null);
    }

    static IntegerSchema integer(String description, long minimum, long maximum) {
        return new IntegerSchema(description, minimum, maximum);
    }

    static NumberSchema number(String description) {
        return new NumberSchema(description);
    }

    static BooleanSchema bool(String description) {
        return new BooleanSchema(description);
    }

    static ArraySchema array(String description, Schema items) {
        return new ArraySchema(description, items);
    }

    static ObjectSchema map(String description, Schema values) {
        return new ObjectSchema(description, Map.of(), Set.of(), values, false);
    }

    static ObjectSchema freeForm(String description) {
        return new ObjectSchema(description, Map.of(), Set.of(), null, true);
    }

    static NullableSchema nullable(Schema inner) {
        return new NullableSchema(inner);
    }

    static ObjectBuilder object(String description) {
        return new ObjectBuilder(description);
    }

    /** Builds an object schema member by member, in the order the record writes them. */
    final class ObjectBuilder {
        private final String description;
        private final Map<String, Schema> properties = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();

        private ObjectBuilder(String description) {
            this.description = description;
        }

        public ObjectBuilder required(String name, Schema schema) {
            properties.put(name, schema);
            required.add(name);
            return this;
        }

        /** A member that may be missing or null. */
        public ObjectBuilder optional(String name, Schema schema) {
            properties.put(name, schema instanceof NullableSchema ? schema : new NullableSchema(schema));
            return this;
        }

        public ObjectSchema build() {
            return new ObjectSchema(description, properties, required, null, false);
        }

        /** The object as the named component {@code name}. */
        public RefSchema component(String name) {
            return new RefSchema(name, build());
        }
    }
}
