package nexus.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    @Test
    void parsesAndWritesEveryValueType() {
        String text = "{\"s\":\"x\\u00e9\",\"i\":42,\"f\":1.5,\"t\":true,\"n\":null,\"a\":[1,\"two\"],\"o\":{\"k\":\"v\"}}";
        JsonObject o = JsonCodec.parseObject(text);
        assertEquals("xé", o.string("s"));
        assertEquals(42, o.intValue("i"));
        assertEquals(1.5, o.doubleValue("f"));
        assertTrue(o.bool("t"));
        assertFalse(o.has("n"));
        assertEquals(2, o.array("a").size());
        assertEquals("v", o.object("o").string("k"));
        assertEquals(o, JsonCodec.parse(JsonCodec.write(o)));
        assertEquals("{\"s\":\"xé\",\"i\":42,\"f\":1.5,\"t\":true,\"n\":null,\"a\":[1,\"two\"],\"o\":{\"k\":\"v\"}}", JsonCodec.write(o));
    }

    @Test
    void keepsLargeIntegersExact() {
        JsonObject o = JsonCodec.parseObject("{\"v\":9007199254740993}");
        assertEquals(9007199254740993L, o.longValue("v"));
        assertEquals("{\"v\":9007199254740993}", JsonCodec.write(o));
    }

    @Test
    void writesIntegralNumbersWithoutExponent() {
        assertEquals("{\"v\":1000}", JsonCodec.write(JsonCodec.parse("{\"v\":1e3}")));
    }

    @Test
    void hugeExponentStaysBounded() {
        JsonValue v = JsonCodec.parse("1e999999999");
        assertEquals("1E+999999999", JsonCodec.write(v));
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parseObject("{\"n\":1e999999999}").longValue("n"));
        assertTrue(e.problem().contains("out of range"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483648", "-1.5e-2147483649"})
    void exponentsBeyondRangeAreTheDocumentsFault(String number) {
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parseObject("{\"n\":[" + number + "]}"));
        assertEquals("$.n[0]", e.path());
        assertEquals("the number " + number + " is out of range", e.problem());
    }

    @Test
    void theLargestExponentsAreWrittenInScientificForm() {
        assertEquals("[1E+2147483647,-1E+2147483647,1E+2147483648]",
                JsonCodec.write(JsonCodec.parse("[1e2147483647,-1e2147483647,1e2147483648]")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "nul", "{'a':1}", "{\"a\":1,\"a\":2}", "\"\\x\""})
    void rejectsMalformedDocuments(String text) {
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parse(text));
        assertEquals("$", e.path());
    }

    @Test
    void rejectsDuplicateKeysNamingThem() {
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parse("{\"name\":\"a\",\"name\":\"b\"}"));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "deep|the document is nested deeper than 64 levels; send a flatter one",
        "{\"n\":11111111111111111111111111111111111111111111111111111111111111111111111111111111}|a number has more than 64 digits",
        "long name|a member name is longer than 1024 characters",
        "{\"n\":NaN}|malformed JSON at line 1, column 9: Non-standard token 'NaN'"})
    void limitsAndRulesAreNamedInWordsNotParserInternals(String text, String problem) {
        String doc = switch (text) {
            case "deep" -> "[".repeat(2000) + "]".repeat(2000);
            case "long name" -> "{\"" + "k".repeat(2000) + "\":1}";
            default -> text;
        };
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parse(doc));
        assertEquals(problem, e.problem());
        for (String internal : List.of("StreamReadConstraints", "JsonReadFeature", "`", "()")) {
            assertFalse(e.getMessage().contains(internal), e.getMessage());
        }
    }

    @Test
    void parsedValuesKnowTheirPathsWithoutBeingReadThroughAccessors() {
        JsonObject o = JsonCodec.parseObject("{\"a\":[{},{\"b\":[[]]}],\"odd key\":{}}");
        JsonArray a = (JsonArray) o.get("a");
        assertEquals("$.a", a.path());
        assertEquals("$.a[0]", ((JsonObject) a.elements().get(0)).path());
        JsonObject second = (JsonObject) a.elements().get(1);
        assertEquals("$.a[1].b[0]", ((JsonArray) ((JsonArray) second.get("b")).elements().get(0)).path());
        assertEquals("$[\"odd key\"]", ((JsonObject) o.get("odd key")).path());
        JsonException e = assertThrows(JsonException.class, () -> ((JsonObject) a.elements().get(0)).string("x"));
        assertEquals("$.a[0].x: required field is missing", e.getMessage());
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bad = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        assertThrows(JsonException.class, () -> JsonCodec.parse(bad));
    }

    @Test
    void rootMustBeAnObjectWhenAskedFor() {
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parseObject("[1]"));
        assertEquals("$: expected a JSON object, got an array", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"port\":\"22\"}|port|$.port: expected an integer, got a string",
        "{\"port\":22.5}|port|$.port: expected an integer, got a number",
        "{\"port\":99999999999}|port|$.port: integer out of range: 99999999999",
        "{}|port|$.port: required field is missing",
        "{\"port\":null}|port|$.port: required field is missing"})
    void requiredIntegerErrorsNameThePath(String json, String key, String message) {
        JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parseObject(json).intValue(key));
        assertEquals(message, e.getMessage());
    }

    @Test
    void nestedPathsAppearInErrors() {
        JsonObject o = JsonCodec.parseObject("{\"ssh\":{\"keys\":[\"a\",3]},\"odd key\":{\"x\":1}}");
        JsonException e = assertThrows(JsonException.class, () -> o.object("ssh").strings("keys"));
        assertEquals("$.ssh.keys[1]: expected a string, got an integer", e.getMessage());
        JsonException e2 = assertThrows(JsonException.class, () -> o.object("odd key").string("x"));
        assertEquals("$[\"odd key\"].x: expected a string, got an integer", e2.getMessage());
        assertEquals("[\"odd key\"].x", e2.field());
    }

    @Test
    void fieldDropsTheRootMarker() {
        assertEquals("ssh.port", new JsonException("$.ssh.port", "x").field());
        assertEquals("", new JsonException("$", "x").field());
    }

    @Test
    void builderSkipsNullsAndKeepsOrder() {
        JsonObject o = JsonObject.builder().put("b", "1").put("a", (String) null).put("c", 3L).putStrings("d", List.of("x")).build();
        assertEquals("{\"b\":\"1\",\"c\":3,\"d\":[\"x\"]}", JsonCodec.write(o));
    }

    @Test
    void prettyOutputParsesBack() {
        JsonObject o = JsonObject.builder().put("a", 1L).put("b", JsonObject.builder().put("c", true).build()).build();
        String pretty = JsonCodec.writePretty(o);
        assertTrue(pretty.contains("\n"));
        assertEquals(o, JsonCodec.parse(pretty));
    }

    @Test
    void controlCharactersAreEscapedOnOutput() {
        String s = JsonCodec.write(JsonObject.builder().put("v", "a\u0000b\n\"").build());
        assertEquals("{\"v\":\"a\\u0000b\\n\\\"\"}", s);
        assertEquals("a\u0000b\n\"", JsonCodec.parseObject(s).string("v"));
    }

    @Test
    void numbersCompareByValue() {
        assertEquals(JsonCodec.parse("1.0"), JsonCodec.parse("1"));
        assertInstanceOf(JsonNumber.class, JsonCodec.parse("-0"));
    }
}
