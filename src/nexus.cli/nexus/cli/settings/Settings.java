package nexus.cli.settings;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * {@code config.json}: which server to use, the user's login there, the preferred editor, the SSH key, and the
 * local server {@code nexus} started itself (null when none). Secrets never live here (see {@link Credentials}).
 */
public record Settings(String server, String user, String editor, String keyPath, LocalServerInfo localServer)
        implements JsonWritable {

    /** The keys {@code nexus config get/set} accepts. */
    public static final List<String> KEYS = List.of("server", "user", "editor", "key_path");

    public static Settings empty() {
        return new Settings(null, null, null, null, null);
    }

    public Settings withServer(String s) {
        return new Settings(s, user, editor, keyPath, localServer);
    }

    public Settings withUser(String u) {
        return new Settings(server, u, editor, keyPath, localServer);
    }

    public Settings withEditor(String e) {
        return new Settings(server, user, e, keyPath, localServer);
    }

    public Settings withKeyPath(String k) {
        return new Settings(server, user, editor, k, localServer);
    }

    public Settings withLocalServer(LocalServerInfo l) {
        return new Settings(server, user, editor, keyPath, l);
    }

    /** The value of one of {@link #KEYS}, or null. */
    public String get(String key) {
        return switch (key) {
            case "server" -> server;
            case "user" -> user;
            case "editor" -> editor;
            case "key_path" -> keyPath;
            default -> throw new IllegalArgumentException(key);
        };
    }

    public Settings with(String key, String value) {
        return switch (key) {
            case "server" -> withServer(value);
            case "user" -> withUser(value);
            case "editor" -> withEditor(value);
            case "key_path" -> withKeyPath(value);
            default -> throw new IllegalArgumentException(key);
        };
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("server", server)
                .put("user", user)
                .put("editor", editor)
                .put("key_path", keyPath)
                .put("local_server", localServer)
                .build();
    }

    public static Settings fromJson(JsonObject o) {
        return new Settings(o.optString("server"), o.optString("user"), o.optString("editor"), o.optString("key_path"),
                o.optObject("local_server", LocalServerInfo::fromJson));
    }
}
