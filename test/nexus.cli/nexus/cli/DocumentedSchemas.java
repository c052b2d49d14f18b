package nexus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonBoolean;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonNull;
import nexus.core.json.JsonNumber;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonString;
import nexus.core.json.JsonValue;

/**
 * The JSON schemas of docs/cli.md (fenced blocks "```schema NAME"), and a checker for the subset of JSON Schema
 * they use: type, properties, required, additionalProperties, items, enum, $ref by name. Tests check every
 * command's --json output against the documented schema, so the documentation cannot drift from the CLI.
 */
public final class DocumentedSchemas {
    private static final Pattern BLOCK = Pattern.compile("```schema ([a-z ]+)\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Map<String, JsonObject> SCHEMAS = load();

    private DocumentedSchemas() {}

    private static Map<String, JsonObject> load() {
        try {
            String doc = Files.readString(Path.of(System.getProperty("nexus.root"), "docs", "cli.md"));
            Map<String, JsonObject> out = new LinkedHashMap<>();
            Matcher m = BLOCK.matcher(doc);
            while (m.find()) {
                out.put(m.group(1), JsonCodec.parseObject(m.group(2)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, JsonObject> all() {
        return SCHEMAS;
    }

    /** Fails (AssertionError listing every mismatch) unless {@code value} matches the schema called {@code name}. */
    public static void check(String name, JsonValue value) {
        JsonObject schema = SCHEMAS.get(name);
        if (schema == null) {
            throw new AssertionError("docs/cli.md has no schema \"" + name + "\" (it has " + SCHEMAS.keySet() + ")");
        }
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        if (!problems.isEmpty()) {
            throw new AssertionError("output does not match the documented schema \"" + name + "\":\n  "
                    + String.join("\n  ", problems) + "\noutput: " + JsonCodec.writePretty(value));
        }
    }

    private static void check(JsonObject schema, JsonValue v, String path, List<String> problems) {
        if (schema.has("$ref")) {
            JsonObject target = SCHEMAS.get(schema.string("$ref"));
            if (target == null) {
                problems.add(path + ": $ref to an undocumented schema " + schema.string("$ref"));
                return;
            }
            check(target, v, path, problems);
            return;
        }
        if (schema.has("enum")) {
            List<JsonValue> allowed = schema.array("enum").elements();
            if (!allowed.contains(v)) {
                problems.add(path + ": " + JsonCodec.write(v) + " is not one of " + JsonCodec.write(schema.get("enum")));
            }
            return;
        }
        if (schema.has("type")) {
            List<String> types = schema.get("type") instanceof JsonArray a
                    ? a.elements().stream().map(e -> ((JsonString) e).value()).toList() : List.of(schema.string("type"));
            if (types.stream().noneMatch(t -> is(t, v))) {
                problems.add(path + ": expected " + types + ", found " + v.typeName());
                return;
            }
        }
        if (v instanceof JsonObject o) {
            JsonObject props = schema.has("properties") ? schema.object("properties") : JsonObject.empty();
            if (schema.has("required")) {
                for (String r : schema.strings("required")) {
                    if (!o.has(r)) {
                        problems.add(path + ": required member \"" + r + "\" is missing");
                    }
                }
            }
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                String p = path + "." + e.getKey();
                if (props.has(e.getKey())) {
                    check(props.object(e.getKey()), e.getValue(), p, problems);
                } else if (schema.get("additionalProperties") instanceof JsonObject extra) {
                    check(extra, e.getValue(), p, problems);
                } else if (schema.get("additionalProperties") == JsonBoolean.FALSE) {
                    problems.add(p + ": not documented (additionalProperties is false)");
                }
            }
        }
        if (v instanceof JsonArray a && schema.has("items")) {
            for (int i = 0; i < a.size(); i++) {
                check(schema.object("items"), a.elements().get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean is(String type, JsonValue v) {
        return switch (type) {
            case "object" -> v instanceof JsonObject;
            case "array" -> v instanceof JsonArray;
            case "string" -> v instanceof JsonString;
            case "boolean" -> v instanceof JsonBoolean;
            case "null" -> v instanceof JsonNull;
            case "number" -> v instanceof JsonNumber;
            case "integer" -> v instanceof JsonNumber n && n.isIntegral() && n.value().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            default -> throw new AssertionError("unknown schema type " + type);
        };
    }
}
