package nexus.cli.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code credentials.json} (mode 0600): the API token for each server the user registered with, with the
 * identity it belongs to and how it was proven ({@code github} or {@code invite}).
 */
public record Credentials(Map<String, Credential> servers) implements JsonWritable {

    public Credentials {
        servers = Map.copyOf(servers);
    }

    public static Credentials empty() {
        return new Credentials(Map.of());
    }

    public Credential forServer(String url) {
        return servers.get(url);
    }

    public Credentials with(String url, Credential c) {
        Map<String, Credential> m = new LinkedHashMap<>(servers);
        if (c == null) {
            m.remove(url);
        } else {
            m.put(url, c);
        }
        return new Credentials(m);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().putMap("servers", new java.util.TreeMap<>(servers)).build();
    }

    public static Credentials fromJson(JsonObject o) {
        return new Credentials(o.has("servers") ? o.objectMap("servers", Credential::fromJson) : Map.of());
    }

    /** One server's token and whose it is. */
    public record Credential(String token, String userId, String username, String via) implements JsonWritable {
        @Override
        public JsonValue toJson() {
            return JsonObject.builder().put("token", token).put("user_id", userId).put("username", username)
                    .put("via", via).build();
        }

        public static Credential fromJson(JsonObject o) {
            return new Credential(o.string("token"), o.optString("user_id"), o.optString("username"), o.optString("via"));
        }
    }
}
