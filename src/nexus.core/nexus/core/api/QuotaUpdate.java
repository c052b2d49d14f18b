package nexus.core.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code PUT /users/{user}/quota}: the limits to change for one user. A limit mapped to a number is set to it; a
 * limit mapped to null goes back to the server's default; a limit left out keeps what it has.
 */
public record QuotaUpdate(Map<QuotaLimit, Long> changes) implements JsonWritable {

    public QuotaUpdate {
        EnumMap<QuotaLimit, Long> copy = new EnumMap<>(QuotaLimit.class);
        copy.putAll(changes); // EnumMap keeps null values: they mean "reset"
        changes = Collections.unmodifiableMap(copy);
    }

    @Override
    public JsonValue toJson() {
        JsonObject.Builder b = JsonObject.builder();
        changes.forEach((limit, value) -> {
            if (value == null) {
                b.putNull(limit.wire());
            } else {
                b.put(limit.wire(), value);
            }
        });
        return b.build();
    }

    public static QuotaUpdate fromJson(JsonObject o) {
        EnumMap<QuotaLimit, Long> changes = new EnumMap<>(QuotaLimit.class);
        for (QuotaLimit limit : QuotaLimit.values()) {
            if (o.keys().contains(limit.wire())) {
                changes.put(limit, o.optLong(limit.wire())); // null for JSON null
            }
        }
        return new QuotaUpdate(changes);
    }
}
