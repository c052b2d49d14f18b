package nexus.core.api;

import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * How to reach a workspace over SSH. {@code hostKeys} are the workspace's own public host keys in
 * {@code authorized_keys} form ("ssh-ed25519 AAAA…"), so clients can pin them in known_hosts;
 * {@code hostKeyFingerprints} are their SHA256 fingerprints as {@code ssh-keygen -lf} prints them.
 */
public record SshInfo(String host, int port, String user, List<String> hostKeyFingerprints, List<String> hostKeys)
        implements JsonWritable {

    public SshInfo {
        hostKeyFingerprints = List.copyOf(hostKeyFingerprints);
        hostKeys = List.copyOf(hostKeys);
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("host", host)
                .put("port", port)
                .put("user", user)
                .putStrings("host_key_fingerprints", hostKeyFingerprints)
                .putStrings("host_keys", hostKeys)
                .build();
    }

    public static SshInfo fromJson(JsonObject o) {
        return new SshInfo(o.string("host"), o.intValue("port"), o.string("user"),
                o.strings("host_key_fingerprints"), o.strings("host_keys"));
    }
}
