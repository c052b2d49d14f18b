package nexus.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nexus.core.json.JsonCodec;
import org.junit.jupiter.api.Test;

/** The schema checker itself catches what it must, so a passing output check means something. */
class DocumentedSchemasTest {
    @Test
    void catchesMissingUndocumentedAndMistypedMembers() {
        DocumentedSchemas.check("version", JsonCodec.parse("{\"version\": \"1.0\"}"));
        assertTrue(assertThrows(AssertionError.class, () -> DocumentedSchemas.check("version", JsonCodec.parse("{}")))
                .getMessage().contains("required member \"version\""));
        assertTrue(assertThrows(AssertionError.class, () -> DocumentedSchemas.check("version",
                JsonCodec.parse("{\"version\": \"1\", \"extra\": 1}"))).getMessage().contains("not documented"));
        assertTrue(assertThrows(AssertionError.class, () -> DocumentedSchemas.check("error",
                JsonCodec.parse("{\"error\": \"x\", \"message\": \"m\", \"exit_code\": \"1\", \"details\": {}}"))).getMessage()
                .contains("expected [integer]"));
        assertTrue(assertThrows(AssertionError.class, () -> DocumentedSchemas.check("completion",
                JsonCodec.parse("{\"shell\": \"tcsh\", \"script\": \"\"}"))).getMessage().contains("is not one of"));
        assertTrue(assertThrows(AssertionError.class, () -> DocumentedSchemas.check("workspace list",
                JsonCodec.parse("{\"workspaces\": [{}], \"total\": 1, \"limit\": 50, \"offset\": 0}"))).getMessage()
                .contains("$.workspaces[0]: required member \"workspace_id\""), "$ref is followed");
    }
}
