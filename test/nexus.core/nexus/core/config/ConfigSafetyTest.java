package nexus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hostile input: huge, deeply nested, self-multiplying or self-referencing documents fail cleanly. */
class ConfigSafetyTest {
    /** Only a guard against a hang; nothing here measures speed. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static ConfigException refuse(String yaml) {
        return assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "evil.yaml")));
    }

    @Test
    void billionLaughsIsRefusedWithAClearError() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(("*" + prev + ",").repeat(8)).append('*')
                    .append(prev).append("]\n");
        }
        yaml.append("services: {web: {command: *j}}\n");
        ConfigException e = refuse(yaml.toString());
        assertEquals(1, e.problems().size());
        ConfigProblem p = e.problems().getFirst();
        assertTrue(p.message().contains("billion laughs"), p.message());
        assertEquals(7, p.line(), "located at the alias that crosses the limit");
    }

    @Test
    void billionLaughsThroughMergeKeysIsRefused() {
        StringBuilder yaml = new StringBuilder("x-0: &m0 {a: 1}\n");
        for (int i = 1; i <= 12; i++) {
            yaml.append("x-").append(i).append(": &m").append(i).append(" {<<: [")
                    .append(("*m" + (i - 1) + ", ").repeat(5)).append("*m").append(i - 1).append("]}\n");
        }
        assertTrue(refuse(yaml.toString()).getMessage().contains("billion laughs"));
    }

    @Test
    void fiftyAliasesToSharedSettingsAreFine() throws ConfigException {
        StringBuilder yaml = new StringBuilder("x-env: &env {LOG_LEVEL: debug}\nservices:\n");
        for (int i = 0; i < 50; i++) {
            yaml.append("  s").append(i).append(": {command: run, env: *env}\n");
        }
        WorkspaceConfig c = ConfigParser.parse(yaml.toString(), "ok.yaml");
        assertEquals(50, c.services().size());
        assertEquals("debug", c.services().get("s49").env().get("LOG_LEVEL"));
    }

    @Test
    void deepFlowNestingIsRefusedWithoutOverflowingTheStack() {
        String yaml = "services: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ConfigException e = refuse(yaml);
        assertTrue(e.getMessage().contains("nests deeper than 20 levels"), e.getMessage());
    }

    @Test
    void deepBlockNestingIsRefused() {
        String yaml = "services:\n" + "- ".repeat(5_000) + "x\n";
        assertTrue(refuse(yaml).getMessage().contains("nests deeper than 20 levels"));
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        String yaml = "# " + "x".repeat(ConfigParser.MAX_BYTES) + "\n";
        ConfigException e = refuse(yaml);
        assertEquals("evil.yaml:1:1: the file is larger than 256KiB; a workspace config is a few dozen lines",
                e.getMessage());
    }

    @Test
    void sizeLimitCountsBytesNotCharacters() {
        String yaml = "# " + "é".repeat(ConfigParser.MAX_BYTES / 2 + 10) + "\n";
        assertTrue(yaml.length() < ConfigParser.MAX_BYTES);
        assertTrue(refuse(yaml).getMessage().contains("larger than 256KiB"));
    }

    @Test
    void selfReferencingListIsAnErrorNotALoop() {
        ConfigException e = refuse("services:\n  web:\n    command: x\n    depends_on: &d [*d]\n");
        assertEquals("evil.yaml:4:17: services.web.depends_on[0]: expected a string, got a list", e.getMessage());
    }

    @Test
    void selfReferencingMappingIsAnErrorNotALoop() {
        ConfigException e = refuse("services: &s\n  web: *s\n");
        assertTrue(e.getMessage().contains("services.web.web: unknown key"), e.getMessage());
    }

    @Test
    void recursiveKeyIsRefused() {
        ConfigException e = refuse("? &k [*k]\n: v\n");
        assertTrue(e.getMessage().contains("keys must be strings, got a list"), e.getMessage());
    }

    @Test
    void problemListIsCappedButCounted() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            yaml.append("unknown").append(i).append(": x\n");
        }
        ConfigException e = refuse(yaml.toString());
        assertEquals(50, e.problems().size());
        assertEquals(150, e.omitted());
        assertTrue(e.getMessage().endsWith("evil.yaml: … and 150 more problems"), e.getMessage());
    }

    @Test
    void aliasedErrorsDoNotMultiplyUnbounded() {
        StringBuilder yaml = new StringBuilder("x-bad: &bad {nope: 1, nada: 2}\nservices:\n");
        for (int i = 0; i < 50; i++) {
            yaml.append("  s").append(i).append(": *bad\n");
        }
        ConfigException e = refuse(yaml.toString());
        assertEquals(50, e.problems().size());
        assertTrue(e.omitted() > 0);
    }
}
