package nexus.agent.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import nexus.core.api.ErrorBody;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonWritable;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistered;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.StatusReport;

/**
 * The agent side of the agent protocol (docs/agent-protocol.md): register, heartbeat, long-polled assignments
 * and status reports, as JSON over HTTP with the node token as bearer token. One HttpClient, closed with this.
 */
public final class ServerClient implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** A part of an upload is up to 8 MiB: time for a slow link. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(110);

    private final URI api;
    private final String token;
    private final HttpClient http;

    public ServerClient(URI server, String token) {
        String base = server.toString().replaceAll("/+$", "");
        this.api = URI.create(base.endsWith("/api/v1") ? base : base + "/api/v1");
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public NodeRegistered register(NodeRegistration registration) throws ServerException {
        return NodeRegistered.fromJson(send("POST", "/nodes/register", registration, REQUEST_TIMEOUT));
    }

    public void heartbeat(String nodeId, Heartbeat heartbeat) throws ServerException {
        send("POST", "/nodes/" + nodeId + "/heartbeat", heartbeat, REQUEST_TIMEOUT);
    }

    /** Long-polls for the node's assignments newer than {@code since}, waiting up to {@code waitSeconds}. */
    public Assignments assignments(String nodeId, long since, int waitSeconds) throws ServerException {
        return Assignments.fromJson(send("GET", "/nodes/" + nodeId + "/assignments?since=" + since + "&wait=" + waitSeconds, null,
                REQUEST_TIMEOUT.plusSeconds(waitSeconds)));
    }

    public void status(String nodeId, StatusReport report) throws ServerException {
        send("POST", "/nodes/" + nodeId + "/status", report, REQUEST_TIMEOUT);
    }

    /** Bytes of an upload from {@code offset}: {@code total} is the upload's size. */
    public record UploadPart(byte[] bytes, long total) {}

    /** A part of the upload a workspace of this node is made from (at most the server's part size). */
    public UploadPart uploadPart(String nodeId, String uploadId, long offset) throws ServerException {
        String path = "/nodes/" + nodeId + "/uploads/" + uploadId + "?offset=" + offset;
        HttpResponse<byte[]> r = exchange("GET", path, null, UPLOAD_TIMEOUT, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            throw refusal("GET", path, r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        // Content-Range: bytes FIRST-LAST/TOTAL
        String range = r.headers().firstValue("Content-Range").orElse("");
        try {
            return new UploadPart(r.body(), Long.parseLong(range.substring(range.lastIndexOf('/') + 1)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new ServerException(502, "bad_response", "the server's answer to GET " + path + " has no usable Content-Range");
        }
    }

    private JsonObject send(String method, String path, JsonWritable body, Duration timeout) throws ServerException {
        HttpResponse<String> r = exchange(method, path, body, timeout, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw refusal(method, path, r.statusCode(), r.body());
        }
        if (r.body() == null || r.body().isBlank()) {
            return JsonObject.empty();
        }
        try {
            return JsonCodec.parseObject(r.body());
        } catch (JsonException e) {
            throw new ServerException(502, "bad_response", "the server's answer to " + method + " " + path + " is not valid JSON: "
                    + e.getMessage());
        }
    }

    private <T> HttpResponse<T> exchange(String method, String path, JsonWritable body, Duration timeout,
                                         HttpResponse.BodyHandler<T> handler) throws ServerException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JsonCodec.write(body.toJson())));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), handler);
        } catch (ConnectException e) {
            throw new ServerException(0, "unreachable", "cannot connect to the server at " + api);
        } catch (HttpTimeoutException e) {
            throw new ServerException(0, "timeout", "the server at " + api + " did not answer in time");
        } catch (IOException e) {
            throw new ServerException(0, "io", "talking to the server at " + api + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException(0, "interrupted", "interrupted");
        }
    }

    private static ServerException refusal(String method, String path, int status, String body) {
        try {
            ErrorBody err = ErrorBody.fromJson(JsonCodec.parseObject(body));
            return new ServerException(status, err.error(), err.message());
        } catch (JsonException | IllegalArgumentException e) {
            // not an error body (a proxy's page, say): say what was refused
            return new ServerException(status, "http_" + status, "the server refused " + method + " " + path + " (" + status + ")");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
