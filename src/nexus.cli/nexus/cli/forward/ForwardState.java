package nexus.cli.forward;

import java.time.Instant;
import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * What a workspace's forwarder is doing, written by the forwarder to its state file and read by
 * {@code services}, {@code forward} and {@code delete}. {@code connection}: connecting, connected,
 * reconnecting, waiting (the workspace is not running), failed (with {@code message}).
 */
public record ForwardState(String workspace, String server, long pid, String connection, String message,
                           List<Forward> forwards, Instant startedAt, Instant updatedAt) implements JsonWritable {

    public ForwardState {
        forwards = List.copyOf(forwards);
    }

    /** Whether the forwarder has settled: connected with every forward listening or refused, or failed. */
    public boolean settled() {
        return connection.equals("failed") || connection.equals("waiting")
                || (connection.equals("connected") && forwards.stream().noneMatch(f -> f.state().equals("pending")));
    }

    public ForwardState with(String newConnection, String newMessage, List<Forward> newForwards) {
        return new ForwardState(workspace, server, pid, newConnection, newMessage, newForwards, startedAt, Instant.now());
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder()
                .put("workspace", workspace)
                .put("server", server)
                .put("pid", pid)
                .put("connection", connection)
                .put("message", message)
                .putAll("forwards", forwards)
                .put("started_at", startedAt)
                .put("updated_at", updatedAt)
                .build();
    }

    public static ForwardState fromJson(JsonObject o) {
        return new ForwardState(o.string("workspace"), o.optString("server"), o.longValue("pid"), o.string("connection"),
                o.optString("message"), o.objects("forwards", Forward::fromJson), o.optInstant("started_at"),
                o.optInstant("updated_at"));
    }

    /**
     * One service's forward: {@code localhost:localPort} on this machine to {@code remotePort} inside the
     * workspace. {@code state}: pending, listening, bind_conflict (the local port is taken), reconnecting.
     */
    public record Forward(String service, int localPort, int remotePort, String state, String message) implements JsonWritable {

        public String localUrl() {
            return "http://localhost:" + localPort;
        }

        public Forward with(String newState, String newMessage) {
            return new Forward(service, localPort, remotePort, newState, newMessage);
        }

        @Override
        public JsonValue toJson() {
            return JsonObject.builder()
                    .put("service", service)
                    .put("local_port", localPort)
                    .put("remote_port", remotePort)
                    .put("local_url", localUrl())
                    .put("state", state)
                    .put("message", message)
                    .build();
        }

        public static Forward fromJson(JsonObject o) {
            return new Forward(o.string("service"), o.intValue("local_port"), o.intValue("remote_port"), o.string("state"),
                    o.optString("message"));
        }
    }
}
