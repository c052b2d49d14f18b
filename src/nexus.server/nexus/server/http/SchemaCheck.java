package nexus.server.http;

import java.util.List;
import java.util.Map;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonBoolean;
import nexus.core.json.JsonNull;
import nexus.core.json.JsonNumber;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonString;
import nexus.core.json.JsonValue;

/**
 * Checks a JSON value against a {@link Schema}: every missing required member (so a client learns all of them
 * from one answer) and every value of the wrong type or outside its allowed values. Members the schema does not
 * name are ignored, so older servers accept newer clients. Both lists keep their first {@link CappedList#LIMIT}
 * entries and count the rest: a body of 340,000 empty objects is a million missing fields, which must not become
 * a million strings.
 */
public final class SchemaCheck {

    /** One problem: the field ("repo.url", "" for the whole body) and what is wrong with it. */
    public record Problem(String field, String problem) {}

    /** Missing required fields (in schema order) and other problems (in document order). */
    public record Result(CappedList<String> missing, CappedList<Problem> problems) {
        public boolean ok() {
            return missing.isEmpty() && problems.isEmpty();
        }
    }

    private final CappedList<String> missing = new CappedList<>();
    private final CappedList<Problem> problems = new CappedList<>();

    private SchemaCheck() {}

    public static Result check(JsonValue value, Schema schema) {
        SchemaCheck c = new SchemaCheck();
        c.visit(value, schema, "");
        return new Result(c.missing, c.problems);
    }

    private void visit(JsonValue value, Schema schema, String field) {
        switch (schema) {
            case Schema.NullableSchema n -> {
                if (!(value instanceof JsonNull)) {
                    visit(value, n.inner(), field);
                }
            }
            case Schema.RefSchema r -> visit(value, r.target(), field);
            case Schema.StringSchema s -> {
                if (!(value instanceof JsonString str)) {
                    wrongType(field, "a string", value);
                } else if (s.values() != null && !s.values().contains(str.value())) {
                    problems.add(() -> new Problem(field, "must be one of " + String.join(", ", s.values())));
                } else if (s.maxLength() != null && str.value().length() > s.maxLength()) {
                    problems.add(() -> new Problem(field, "is " + str.value().length() + " characters long; the limit is " + s.maxLength()));
                }
            }
            case Schema.IntegerSchema i -> {
                if (!(value instanceof JsonNumber num) || !num.isIntegral()) {
                    wrongType(field, "an integer", value);
                } else {
                    var v = num.value();
                    if ((i.minimum() != null && v.compareTo(java.math.BigDecimal.valueOf(i.minimum())) < 0)
                            || (i.maximum() != null && v.compareTo(java.math.BigDecimal.valueOf(i.maximum())) > 0)) {
                        problems.add(() -> new Problem(field, "must lie between " + i.minimum() + " and " + i.maximum()));
                    }
                }
            }
            case Schema.NumberSchema ignored -> {
                if (!(value instanceof JsonNumber)) {
                    wrongType(field, "a number", value);
                }
            }
            case Schema.BooleanSchema ignored -> {
                if (!(value instanceof JsonBoolean)) {
                    wrongType(field, "true or false", value);
                }
            }
            case Schema.ArraySchema a -> {
                if (!(value instanceof JsonArray arr)) {
                    wrongType(field, "an array", value);
                } else {
                    List<JsonValue> elements = arr.elements();
                    for (int i = 0; i < elements.size(); i++) {
                        visit(elements.get(i), a.items(), field + "[" + i + "]");
                    }
                }
            }
            case Schema.ObjectSchema o -> {
                if (!(value instanceof JsonObject obj)) {
                    wrongType(field, "an object", value);
                } else {
                    visitObject(obj, o, field);
                }
            }
        }
    }

    private void visitObject(JsonObject obj, Schema.ObjectSchema schema, String field) {
        for (Map.Entry<String, Schema> p : schema.properties().entrySet()) {
            String name = p.getKey();
            if (!obj.has(name)) {
                if (schema.required().contains(name)) {
                    missing.add(() -> member(field, name));
                }
                continue;
            }
            visit(obj.get(name), p.getValue(), member(field, name));
        }
        if (schema.additionalProperties() != null) {
            for (Map.Entry<String, JsonValue> m : obj.members().entrySet()) {
                visit(m.getValue(), schema.additionalProperties(), member(field, m.getKey()));
            }
        }
    }

    private static String member(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }

    private void wrongType(String field, String expected, JsonValue actual) {
        problems.add(() -> new Problem(field, "expected " + expected + ", got " + actual.typeName()));
    }
}
