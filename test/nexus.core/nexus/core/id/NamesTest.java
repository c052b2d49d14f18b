package nexus.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ws-abcdefghijklmnopqrst", "ws-22222222222222222222", "ws-a2b3c4d5e6f7g2h3i4j5"})
    void aNameShapedLikeAWorkspaceIdIsRefusedWithAnotherSuggested(String name) {
        assertTrue(Ids.isId(Ids.WORKSPACE, name));
        assertFalse(Names.isValid(name));
        String problem = Names.problem(name);
        assertTrue(problem.contains("shape of a workspace id"), problem);
        assertTrue(problem.endsWith("e.g. \"" + name + "-1\""), problem);
        assertTrue(Names.isValid(name + "-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws-abcdefghijklmnopqrs", "ws-abcdefghijklmnopqrstu", "ws-abcdefghijklmnopqrs1", "ws-shop", "user-abcdefghijklmnopqrst"})
    void namesNearTheIdShapeStayValid(String name) {
        assertTrue(Names.isValid(name), name);
        assertNull(Names.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws-abcdefghijklmnopqrst", "WS_abcdefghijklmnopqrst", "ws.abcdefghijklmnopqrst.", "Ws-ABCDEFGHIJKLMNOPQRST"})
    void suggestionsNeverHaveTheShapeOfAnId(String raw) {
        String s = Names.suggest(raw);
        assertTrue(Names.isValid(s), s);
        assertEquals("ws-abcdefghijklmnopqrst-1", s);
    }
}
