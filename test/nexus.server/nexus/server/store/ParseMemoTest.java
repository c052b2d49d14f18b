package nexus.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseMemoTest {
    private final List<String> parsed = new ArrayList<>();
    private final ParseMemo<StringBuilder> memo = new ParseMemo<>(3, text -> {
        parsed.add(text);
        return new StringBuilder(text);
    });

    @Test
    void anUnchangedTextIsParsedOnceAndAChangedOneAfresh() {
        StringBuilder first = memo.get("{\"version\":1}");
        assertSame(first, memo.get(new String("{\"version\":1}")), "an equal text, even another String, is the same row");
        StringBuilder changed = memo.get("{\"version\":2}");
        assertNotSame(first, changed);
        assertEquals("{\"version\":2}", changed.toString());
        assertEquals(List.of("{\"version\":1}", "{\"version\":2}"), parsed);
    }

    @Test
    void aFullMemoStartsOverInsteadOfGrowing() {
        StringBuilder a = memo.get("a");
        memo.get("b");
        memo.get("c");
        memo.get("d"); // full: emptied, then holds d
        assertNotSame(a, memo.get("a"), "a was forgotten and parsed again");
        assertEquals(List.of("a", "b", "c", "d", "a"), parsed);
    }
}
