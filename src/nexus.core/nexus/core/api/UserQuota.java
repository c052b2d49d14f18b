package nexus.core.api;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code GET /users/me/quota}, {@code GET|PUT /users/{user}/quota}: a user's limits and usage, one entry per limit. */
public record UserQuota(String userId, String username, List<QuotaUsage> limits) implements JsonWritable {

    public UserQuota {
        limits = List.copyOf(limits);
    }

    /** The entry of one limit (every limit has one). */
    public QuotaUsage get(QuotaLimit limit) {
        return limits.stream().filter(u -> u.limit() == limit).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry for the limit " + limit.wire()));
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("user_id", userId)
                .put("username", username)
                .putAll("limits", limits)
                .build();
    }

    public static UserQuota fromJson(JsonObject o) {
        return new UserQuota(o.string("user_id"), o.string("username"), o.objects("limits", QuotaUsage::fromJson));
    }
}
