package nexus.cli.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.core.Version;
import nexus.core.api.AddKeyRequest;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.CreateWorkspaceResponse;
import nexus.core.api.ErrorBody;
import nexus.core.api.HealthStatus;
import nexus.core.api.InviteRequest;
import nexus.core.api.InviteResponse;
import nexus.core.api.NodeInfo;
import nexus.core.api.NodeRemoved;
import nexus.core.api.NodeTokenRequest;
import nexus.core.api.NodeTokenResponse;
import nexus.core.api.QuotaUpdate;
import nexus.core.api.RegisterUserRequest;
import nexus.core.api.RegisterUserResponse;
import nexus.core.api.SshKey;
import nexus.core.api.StopRequest;
import nexus.core.api.Upload;
import nexus.core.api.UploadRequest;
import nexus.core.api.TokenInfo;
import nexus.core.api.UserProfile;
import nexus.core.api.UserQuota;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceEvent;
import nexus.core.api.WorkspaceList;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * The server's API v1 (DESIGN §3) over {@code java.net.http}, with the core records as bodies. Error answers
 * become {@link ApiException}; a server that cannot be reached becomes a {@link CliException} with exit code 6
 * (7 for a timeout). Close it: an open HttpClient keeps the JVM alive for ~300 ms at exit.
 */
public final class ServerClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A part of an upload is up to 8 MiB; the server gives a request 30 s to arrive. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(90);
    private static final JsonWritable EMPTY_BODY = JsonObject::empty;

    private final String baseUrl;
    private final String token;
    private final String unreachableHint;
    private final HttpClient http;

    /**
     * @param baseUrl         the server ("http://127.0.0.1:3001"), see {@link ServerUrl}
     * @param token           bearer token, or null for unauthenticated calls
     * @param unreachableHint the next step to suggest when the server cannot be reached
     */
    public ServerClient(String baseUrl, String token, String unreachableHint) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.unreachableHint = unreachableHint;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean hasToken() {
        return token != null;
    }

    // ---- users

    public HealthStatus health() {
        return send("GET", "/health", null, Map.of(), REQUEST_TIMEOUT, HealthStatus::fromJson);
    }

    public RegisterUserResponse register(RegisterUserRequest request) {
        return send("POST", "/users/register", request, Map.of(), REQUEST_TIMEOUT, RegisterUserResponse::fromJson);
    }

    public UserProfile me() {
        return send("GET", "/users/me", null, Map.of(), REQUEST_TIMEOUT, UserProfile::fromJson);
    }

    public SshKey addKey(String publicKey) {
        return send("POST", "/users/me/keys", new AddKeyRequest(publicKey), Map.of(), REQUEST_TIMEOUT, SshKey::fromJson);
    }

    public UserQuota quota() {
        return send("GET", "/users/me/quota", null, Map.of(), REQUEST_TIMEOUT, UserQuota::fromJson);
    }

    /** The caller's live API tokens, the one of this client marked current. */
    public List<TokenInfo> tokens() {
        return sendValue("GET", "/users/me/tokens", null, Map.of(), v -> objects(v, "tokens", TokenInfo::fromJson));
    }

    /** Revokes one of the caller's tokens. */
    public void revokeToken(String tokenId) {
        send("DELETE", "/users/me/tokens/" + segment(tokenId), null, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    /** Revokes this client's own token (logging out server-side). */
    public void revokeOwnToken() {
        send("DELETE", "/users/me/tokens/current", null, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    // ---- workspaces

    public CreateWorkspaceResponse create(CreateWorkspaceRequest request, String idempotencyKey) {
        return send("POST", "/workspaces", request, Map.of("Idempotency-Key", idempotencyKey), REQUEST_TIMEOUT,
                CreateWorkspaceResponse::fromJson);
    }

    public WorkspaceList list(String status, int limit, int offset) {
        Map<String, String> q = new LinkedHashMap<>();
        if (status != null) {
            q.put("status", status);
        }
        q.put("limit", Integer.toString(limit));
        q.put("offset", Integer.toString(offset));
        return send("GET", "/workspaces" + query(q), null, Map.of(), REQUEST_TIMEOUT, WorkspaceList::fromJson);
    }

    public Workspace workspace(String ws) {
        return send("GET", "/workspaces/" + segment(ws), null, Map.of(), REQUEST_TIMEOUT, Workspace::fromJson);
    }

    /** Long-polls for a change after {@code since}; returns when it happens or after {@code waitSeconds}. */
    public WorkspaceEvent events(String ws, long since, int waitSeconds) {
        return send("GET", "/workspaces/" + segment(ws) + "/events" + query(Map.of("since", Long.toString(since),
                        "wait", Integer.toString(waitSeconds))), null, Map.of(),
                Duration.ofSeconds(waitSeconds + 30L), WorkspaceEvent::fromJson);
    }

    public void stop(String ws, boolean force) {
        send("POST", "/workspaces/" + segment(ws) + "/stop", new StopRequest(force), Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    public void start(String ws) {
        send("POST", "/workspaces/" + segment(ws) + "/start", EMPTY_BODY, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    public void restart(String ws) {
        send("POST", "/workspaces/" + segment(ws) + "/restart", EMPTY_BODY, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    public void delete(String ws, boolean force) {
        send("DELETE", "/workspaces/" + segment(ws) + (force ? "?force=true" : ""), null, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    // ---- uploads

    public Upload beginUpload(UploadRequest request) {
        return send("POST", "/uploads", request, Map.of(), REQUEST_TIMEOUT, Upload::fromJson);
    }

    /** Sends the part of an upload that starts at {@code offset}. */
    public Upload sendUploadPart(String uploadId, long offset, byte[] bytes) {
        return sendBytes("PUT", "/uploads/" + segment(uploadId) + "?offset=" + offset, "application/octet-stream", bytes,
                UPLOAD_TIMEOUT, v -> Upload.fromJson((JsonObject) v));
    }

    public Upload upload(String uploadId) {
        return send("GET", "/uploads/" + segment(uploadId), null, Map.of(), REQUEST_TIMEOUT, Upload::fromJson);
    }

    public void deleteUpload(String uploadId) {
        send("DELETE", "/uploads/" + segment(uploadId), null, Map.of(), REQUEST_TIMEOUT, o -> o);
    }

    // ---- admin

    public List<NodeInfo> nodes() {
        return sendValue("GET", "/nodes", null, Map.of(), v -> objects(v, "nodes", NodeInfo::fromJson));
    }

    public NodeTokenResponse nodeToken(String name) {
        return send("POST", "/nodes/tokens", new NodeTokenRequest(name), Map.of(), REQUEST_TIMEOUT, NodeTokenResponse::fromJson);
    }

    /** Removes a node (by name or id): its token is revoked; {@code force} also forgets its workspaces. */
    public NodeRemoved removeNode(String node, boolean force) {
        return send("DELETE", "/nodes/" + segment(node) + (force ? "?force=true" : ""), null, Map.of(), REQUEST_TIMEOUT,
                NodeRemoved::fromJson);
    }

    public InviteResponse invite(String username) {
        return send("POST", "/invites", new InviteRequest(username), Map.of(), REQUEST_TIMEOUT, InviteResponse::fromJson);
    }

    /** A user's quota (admin); {@code user} is a user name or id. */
    public UserQuota quota(String user) {
        return send("GET", "/users/" + segment(user) + "/quota", null, Map.of(), REQUEST_TIMEOUT, UserQuota::fromJson);
    }

    public UserQuota setQuota(String user, QuotaUpdate update) {
        return send("PUT", "/users/" + segment(user) + "/quota", update, Map.of(), REQUEST_TIMEOUT, UserQuota::fromJson);
    }

    // ---- plumbing

    private <T> T send(String method, String path, JsonWritable body, Map<String, String> headers, Duration timeout,
                       Function<JsonObject, T> reader) {
        return sendValue(method, path, body, headers, timeout, v -> {
            if (!(v instanceof JsonObject o)) {
                throw new JsonException("$", "expected an object, found " + (v == null ? "nothing" : v.typeName()));
            }
            return reader.apply(o);
        });
    }

    private <T> T sendValue(String method, String path, JsonWritable body, Map<String, String> headers,
                            Function<JsonValue, T> reader) {
        return sendValue(method, path, body, headers, REQUEST_TIMEOUT, reader);
    }

    private <T> T sendValue(String method, String path, JsonWritable body, Map<String, String> headers, Duration timeout,
                            Function<JsonValue, T> reader) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        return sendRequest(method, path, body == null ? null : JsonCodec.bytes(body.toJson(), false), all, timeout, reader);
    }

    private <T> T sendBytes(String method, String path, String contentType, byte[] body, Duration timeout,
                            Function<JsonValue, T> reader) {
        return sendRequest(method, path, body, Map.of("Content-Type", contentType), timeout, reader);
    }

    private <T> T sendRequest(String method, String path, byte[] body, Map<String, String> headers, Duration timeout,
                              Function<JsonValue, T> reader) {
        String url = baseUrl + "/api/v1" + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "nexus-cli/" + Version.current());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("the connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCode.TIMEOUT, "timeout", "the Nexus server at " + baseUrl + " did not answer "
                    + method + " " + path + " within " + timeout.toSeconds() + "s", "try again; `nexus doctor` checks the server",
                    JsonObject.empty(), null, e);
        } catch (ConnectException e) {
            throw unreachable(e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage(), e);
        } catch (SSLException e) {
            throw unreachable("TLS failed (" + e.getMessage() + "); is it an http:// server?", e);
        } catch (IOException e) {
            throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted", "interrupted", null);
        }
        int status = response.statusCode();
        byte[] bytes = response.body();
        String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        if (status >= 400) {
            throw new ApiException(status, errorBody(status, bytes, requestId));
        }
        if (status == 204 || bytes.length == 0) {
            return reader.apply(JsonObject.empty());
        }
        try {
            return reader.apply(JsonCodec.parse(bytes));
        } catch (JsonException e) {
            throw CliException.error("bad_response", "the server at " + baseUrl + " answered " + method + " " + path
                    + " with unexpected JSON (" + e.getMessage() + "); is it a Nexus server of version " + Version.current() + "?",
                    "check the address with `nexus server`, and `nexus doctor`");
        }
    }

    private ErrorBody errorBody(int status, byte[] bytes, String requestId) {
        try {
            return ErrorBody.fromJson(JsonCodec.parseObject(bytes));
        } catch (JsonException e) {
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            String code = switch (status) {
                case 401 -> "auth_required";
                case 403 -> "forbidden";
                case 404 -> "not_found";
                case 409 -> "conflict";
                default -> "http_" + status;
            };
            return new ErrorBody(code, "the server at " + baseUrl + " answered HTTP " + status
                    + (text.isEmpty() ? "" : ": " + nexus.core.util.Text.lastLines(text, 2)), JsonObject.empty(), requestId);
        }
    }

    private CliException unreachable(String why, Exception cause) {
        return new CliException(ExitCode.UNREACHABLE, "server_unreachable",
                "cannot reach the Nexus server at " + baseUrl + ": " + why, unreachableHint, JsonObject.empty(), null, cause);
    }

    private static <T> List<T> objects(JsonValue v, String member, Function<JsonObject, T> reader) {
        JsonArray array = v instanceof JsonObject o ? o.array(member) : (JsonArray) v;
        List<T> out = new ArrayList<>();
        for (JsonValue e : array.elements()) {
            out.add(reader.apply((JsonObject) e));
        }
        return out;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, String> q) {
        StringBuilder b = new StringBuilder();
        q.forEach((k, v) -> b.append(b.isEmpty() ? '?' : '&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
