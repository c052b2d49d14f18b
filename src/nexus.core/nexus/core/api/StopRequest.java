package nexus.core.api;

import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** {@code POST /workspaces/{ws}/stop}: {@code force} skips the pre_stop hook and kills services at once. */
public record StopRequest(boolean force) implements JsonWritable {

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("force", force).build();
    }

    public static StopRequest fromJson(JsonObject o) {
        return new StopRequest(o.bool("force", false));
    }
}
