package nexus.server.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What texts parse to, for texts that come back unchanged: a workspace row is read on every poll of its status,
 * and while the row is unchanged SQLite gives back the same JSON text. The whole text is the key, so a changed
 * row is always parsed afresh. Bounded: emptied when full (old versions of rows are never asked for again).
 */
final class ParseMemo<T> {
    private final int capacity;
    private final Function<String, T> parse;
    private final ConcurrentHashMap<String, T> parsed = new ConcurrentHashMap<>();

    ParseMemo(int capacity, Function<String, T> parse) {
        this.capacity = capacity;
        this.parse = parse;
    }

    T get(String text) {
        T value = parsed.get(text);
        if (value == null) {
            value = parse.apply(text);
            if (parsed.size() >= capacity) {
                parsed.clear();
            }
            parsed.put(text, value);
        }
        return value;
    }
}
