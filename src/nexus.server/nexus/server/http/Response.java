package nexus.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** A status, a body (JSON unless said otherwise) and extra headers. */
public record Response(int status, byte[] body, String contentType, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, JsonValue body) {
        return new Response(status, JsonCodec.bytes(body, false), JSON, Map.of());
    }

    public static Response json(int status, JsonWritable body) {
        return json(status, body.toJson());
    }

    public static Response ok(JsonWritable body) {
        return json(200, body);
    }

    public static Response noContent() {
        return new Response(204, new byte[0], null, Map.of());
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, body.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
    }

    public Response withHeader(String name, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, body, contentType, h);
    }
}
