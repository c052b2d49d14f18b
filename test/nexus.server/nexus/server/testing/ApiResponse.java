package nexus.server.testing;

import java.net.http.HttpHeaders;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;

/** An answer as a test sees it: status, headers and body text, with the body as JSON on demand. */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    public JsonObject json() {
        return JsonCodec.parseObject(body);
    }

    /** The error code of an error answer. */
    public String error() {
        return json().string("error");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
