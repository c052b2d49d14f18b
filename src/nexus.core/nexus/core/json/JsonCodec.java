package nexus.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON with jackson-core's streaming API. Parsing is strict (duplicate keys, trailing content
 * and bad UTF-8 are errors) and bounded (nesting depth, string and number length), so untrusted request bodies
 * cannot exhaust the server.
 */
public final class JsonCodec {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_STRING_LENGTH = 1 << 20;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Buffers are pooled across threads: jackson's default pool is per thread, and the server answers each
            // request on a new virtual thread, so every read and write would allocate its buffers afresh.
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
            .build();

    private JsonCodec() {}

    public static JsonValue parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public static JsonValue parse(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return parseDocument(p);
        } catch (IOException e) {
            throw syntaxError(e);
        }
    }

    public static JsonValue parse(InputStream in) {
        try (JsonParser p = FACTORY.createParser(in)) {
            return parseDocument(p);
        } catch (IOException e) {
            throw syntaxError(e);
        }
    }

    /** Parses a document whose root must be an object. */
    public static JsonObject parseObject(String text) {
        return requireObject(parse(text));
    }

    public static JsonObject parseObject(byte[] bytes) {
        return requireObject(parse(bytes));
    }

    private static JsonObject requireObject(JsonValue v) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("$", "expected a JSON object, got " + JsonObject.describe(v));
    }

    public static String write(JsonValue value) {
        return new String(bytes(value, false), StandardCharsets.UTF_8);
    }

    public static String writePretty(JsonValue value) {
        return new String(bytes(value, true), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(JsonValue value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        write(value, out, pretty);
        return out.toByteArray();
    }

    public static void write(JsonValue value, OutputStream out, boolean pretty) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonValue parseDocument(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new JsonException("$", "empty document; expected a JSON value");
        }
        JsonValue root = readValue(p, first, "$", null, -1);
        if (p.nextToken() != null) {
            throw new JsonException("$", "unexpected content after the JSON value at line "
                    + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
        }
        return root;
    }

    /**
     * The value at member {@code key} (or, when null, element {@code index}) of the value at {@code parent}. A
     * container's own path string is made only once it has members: an empty one costs one small object, so a
     * 1 MiB body of {@code {}}s parses into ~12 MB rather than several times that.
     */
    private static JsonValue readValue(JsonParser p, JsonToken token, String parent, String key, int index) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, JsonValue> members = null;
                String self = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (members == null) {
                        // most objects have a few members: a small table, grown as needed (the default is 16)
                        members = new LinkedHashMap<>(4);
                        self = JsonPaths.join(parent, key, index);
                    }
                    String name = p.currentName();
                    members.put(name, readValue(p, p.nextToken(), self, name, -1));
                }
                // JsonObject never hands out its map but a read-only view of it
                yield new JsonObject(members == null ? Map.of() : members, parent, key, index);
            }
            case START_ARRAY -> {
                List<JsonValue> elements = null;
                String self = null;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (elements == null) {
                        elements = new ArrayList<>();
                        self = JsonPaths.join(parent, key, index);
                    }
                    elements.add(readValue(p, t, self, null, elements.size()));
                }
                yield new JsonArray(elements == null ? List.of() : Collections.unmodifiableList(elements), parent, key, index);
            }
            case VALUE_STRING -> new JsonString(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> readNumber(p, token, parent, key, index);
            case VALUE_TRUE -> JsonBoolean.TRUE;
            case VALUE_FALSE -> JsonBoolean.FALSE;
            case VALUE_NULL -> JsonNull.INSTANCE;
            default -> throw new JsonException(JsonPaths.join(parent, key, index), "unexpected token " + token);
        };
    }

    /**
     * Integers that fit a long (ids' versions, times, ports: nearly all) skip the decimal parser. An exponent
     * beyond what BigDecimal holds ("1e-2147483648") is the client's mistake, not an unexpected exception.
     */
    private static JsonNumber readNumber(JsonParser p, JsonToken token, String parent, String key, int index) throws IOException {
        try {
            return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    ? JsonNumber.of(p.getLongValue()) : new JsonNumber(p.getDecimalValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonException(JsonPaths.join(parent, key, index), "the number " + p.getText() + " is out of range");
        }
    }

    private static void writeValue(JsonGenerator g, JsonValue value) throws IOException {
        switch (value) {
            case JsonObject o -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case JsonArray a -> {
                g.writeStartArray();
                for (JsonValue v : a.elements()) {
                    writeValue(g, v);
                }
                g.writeEndArray();
            }
            case JsonString s -> g.writeString(s.value());
            case JsonNumber n -> g.writeNumber(plain(n));
            case JsonBoolean b -> g.writeBoolean(b.value());
            case JsonNull n -> g.writeNull();
        }
    }

    /**
     * Integers without exponent ("1000", not "1E+3"); huge exponents stay in scientific form to stay bounded (the
     * digit count is figured in long: in int, 1E+2147483647 wrapped around and was written out digit by digit).
     */
    private static String plain(JsonNumber n) {
        var v = n.value();
        if (n.isIntegral() && (long) v.precision() - v.scale() <= 40) {
            return v.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString();
        }
        return v.toString();
    }

    /** The parser's complaint in a user's words: which limit or rule, never a Jackson class or option name. */
    private static JsonException syntaxError(IOException e) {
        if (e instanceof StreamConstraintsException c) {
            return new JsonException("$", limitExceeded(c.getOriginalMessage()));
        }
        if (e instanceof JsonParseException pe) {
            var loc = pe.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return new JsonException("$", "malformed JSON" + where + ": " + withoutParserOptions(firstLine(pe.getOriginalMessage())));
        }
        return new JsonException("$", "unreadable JSON: " + withoutParserOptions(firstLine(e.getMessage())));
    }

    /** Jackson names the limit by its getter ("from `StreamReadConstraints.getMaxNestingDepth()`"). */
    private static String limitExceeded(String message) {
        String m = message == null ? "" : message;
        if (m.contains("NestingDepth")) {
            return "the document is nested deeper than " + MAX_DEPTH + " levels; send a flatter one";
        }
        if (m.contains("NumberLength")) {
            return "a number has more than " + MAX_NUMBER_LENGTH + " digits";
        }
        if (m.contains("StringLength")) {
            return "a string is longer than " + MAX_STRING_LENGTH + " characters";
        }
        if (m.contains("NameLength")) {
            return "a member name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        return "the document exceeds a size limit of this server";
    }

    /** Drops a parser hint such as ": enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow". */
    private static String withoutParserOptions(String message) {
        int tick = message.indexOf('`');
        if (tick < 0) {
            return message;
        }
        int colon = message.lastIndexOf(": ", tick);
        return colon > 0 ? message.substring(0, colon) : "not valid JSON";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
