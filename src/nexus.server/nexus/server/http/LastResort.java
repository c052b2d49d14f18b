package nexus.server.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;

/**
 * The answer when even the error answer cannot be made or sent (a route returned a header the JDK server refuses,
 * the error body could not be built, memory ran out): a 500 with the API's error body, pre-rendered so that it
 * needs no JSON writer and next to no memory — only the request id (ASCII, {@link RequestIds}) is copied in.
 */
final class LastResort {
    static final int STATUS = 500;
    private static final byte[] BEFORE_ID = ("{\"error\":\"internal_error\",\"message\":\"the server failed to answer this "
            + "request; tell your Nexus admin its request id, under which it is logged\",\"details\":{},\"request_id\":\"")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER_ID = "\"}".getBytes(StandardCharsets.US_ASCII);

    private LastResort() {}

    static byte[] body(String requestId) {
        byte[] body = new byte[BEFORE_ID.length + requestId.length() + AFTER_ID.length];
        System.arraycopy(BEFORE_ID, 0, body, 0, BEFORE_ID.length);
        for (int i = 0; i < requestId.length(); i++) {
            body[BEFORE_ID.length + i] = (byte) requestId.charAt(i);
        }
        System.arraycopy(AFTER_ID, 0, body, BEFORE_ID.length + requestId.length(), AFTER_ID.length);
        return body;
    }

    /**
     * Sends the 500 on {@code exchange} unless its headers are out already; then, or when the client is gone,
     * nothing can be sent, and closing the exchange ends the connection, which the client sees as a cut answer.
     */
    static void send(HttpExchange exchange, String requestId) {
        try {
            Headers h = exchange.getResponseHeaders();
            h.clear();
            h.set("X-Request-Id", requestId);
            h.set("Cache-Control", "no-store");
            h.set("Content-Type", Response.JSON);
            byte[] body = body(requestId);
            if (exchange.getRequestMethod().equals(Router.HEAD)) {
                h.set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(STATUS, -1);
            } else {
                exchange.sendResponseHeaders(STATUS, body.length);
                exchange.getResponseBody().write(body);
            }
        } catch (Exception | Error e) {
            // headers already sent, the client gone, or no memory even for this: there is nothing left to send
        }
    }
}
