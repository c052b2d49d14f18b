package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * One limit of a user's quota: what is allowed, what the user's workspaces use of it now, and whether an admin set
 * it for this user ({@code overridden}) or it is the server's default.
 */
public record QuotaUsage(QuotaLimit limit, long allowed, long used, boolean overridden) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("limit", limit)
                .put("allowed", allowed)
                .put("used", used)
                .put("overridden", overridden)
                .build();
    }

    public static QuotaUsage fromJson(JsonObject o) {
        return new QuotaUsage(o.enumValue("limit", QuotaLimit.class), o.longValue("allowed"), o.longValue("used"),
                o.bool("overridden"));
    }
}
