package nexus.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("command", "port", "depends_on", "env", "health_check",
            "restart", "workdir", "environment", "healthcheck");

    /** typo | suggestion (- for none) */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            comand        | command
            commnad       | command
            prot          | port
            ports         | port
            dependsOn     | depends_on
            depends-on    | depends_on
            DEPENDS_ON    | depends_on
            helth_check   | health_check
            health-check  | health_check
            enviroment    | environment
            restarts      | restart
            work_dir      | workdir
            cmd           | -
            image         | -
            x             | -
            """)
    void suggestsOnlyPlausibleTypos(String typo, String expected) {
        assertEquals(Optional.ofNullable(expected), Suggestions.closest(typo, KEYS));
    }

    @Test
    void prefersTheClosestCandidate() {
        assertEquals(Optional.of("env"), Suggestions.closest("en", List.of("environment", "env")));
    }

    @Test
    void veryLongInputIsHandledCheaply() {
        assertEquals(Optional.empty(), Suggestions.closest("x".repeat(100_000), KEYS));
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertEquals(1, Suggestions.distance("prot", "port"));
        assertEquals(0, Suggestions.distance("same", "same"));
        assertEquals(3, Suggestions.distance("", "abc"));
    }
}
