package nexus.server.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * The first {@link #LIMIT} items of a list of problems and how many there were in all. Error answers list at most
 * that many, with the total beside them: a body that is wrong a million times gets a small answer, and the items
 * past the limit are only counted, never built or kept, so finding them costs no memory either.
 */
public final class CappedList<T> {
    /** How many problems an error answer lists (docs/api.md says so). */
    public static final int LIMIT = 20;

    private final List<T> first = new ArrayList<>();
    private int total;

    /** Counts one item and keeps it while fewer than {@link #LIMIT} are kept; {@code item} is only called then. */
    public void add(Supplier<? extends T> item) {
        total++;
        if (first.size() < LIMIT) {
            first.add(item.get());
        }
    }

    /** The first {@link #LIMIT} of {@code items}, counting {@code alsoFound} more that were found but not kept. */
    public static <T> CappedList<T> of(List<? extends T> items, int alsoFound) {
        CappedList<T> c = new CappedList<>();
        items.forEach(i -> c.add(() -> i));
        c.total += alsoFound;
        return c;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** The kept items, at most {@link #LIMIT}, in the order they were added. */
    public List<T> first() {
        return Collections.unmodifiableList(first);
    }

    public int total() {
        return total;
    }

    /** How many were found but not kept. */
    public int omitted() {
        return total - first.size();
    }

    /** Puts {@code key} (the kept items, rendered) and {@code key_total} into error details. */
    public JsonObject.Builder putInto(JsonObject.Builder details, String key, Function<? super T, ? extends JsonValue> render) {
        return details.put(key, JsonArray.ofValues(first.stream().map(i -> (JsonValue) render.apply(i)).toList()))
                .put(key + "_total", total);
    }

    @Override
    public String toString() {
        return first + (omitted() > 0 ? " and " + omitted() + " more" : "");
    }
}
