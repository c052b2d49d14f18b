package nexus.testkit.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * The one stand-in of the test suite: a loopback HTTP server that answers like {@code https://api.github.com}
 * for what Nexus uses, because GitHub itself is unreachable from the test hosts. Point a program at
 * {@link #apiUrl()} (e.g. {@code nexus-server serve --github-api <url>}).
 *
 * <p>What it answers, as GitHub does (REST API 2022-11-28):
 * <ul>
 * <li>{@code GET /user} with {@code Authorization: Bearer <token>} or {@code Authorization: token <token>}
 *     → 200 with the account ({@code login, id, node_id, avatar_url, html_url, type, site_admin, name, email,
 *     created_at, updated_at}); an unknown or revoked token → 401
 *     {@code {"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}};
 *     no Authorization header → 401 {@code "Requires authentication"}.</li>
 * <li>anything else → 404 {@code {"message":"Not Found", …}}.</li>
 * </ul>
 * Every response carries {@code Content-Type: application/json; charset=utf-8} and
 * {@code X-GitHub-Media-Type: github.v3; format=json}.
 *
 * <p>State lives in a {@link GitHubState} that tests arrange ({@code state().addUser(…)},
 * {@code state().issueToken(…)}) and that other fakes (a fake {@code gh}) can share: construct them on the same
 * state. {@link #requests()} records each request's method, path and authorization scheme — never the token —
 * so a test can assert what a program asked GitHub.
 *
 * <p>To extend it for more endpoints: add the data to {@link GitHubState} and a branch in {@link #route}.
 */
public final class FakeGitHub implements AutoCloseable {
    static final String DOCS = "https://docs.github.com/rest";

    private final GitHubState state;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<RecordedRequest> requests = new ArrayList<>();

    /** One request as the fake saw it; {@code authScheme} is "bearer", "token", another scheme, or null. */
    public record RecordedRequest(String method, String path, String authScheme) {}

    private FakeGitHub(GitHubState state) throws IOException {
        this.state = state;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake GitHub with an empty state on a free loopback port. */
    public static FakeGitHub start() {
        return start(new GitHubState());
    }

    /** Starts a fake GitHub serving {@code state}. */
    public static FakeGitHub start(GitHubState state) {
        try {
            return new FakeGitHub(state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake GitHub on loopback", e);
        }
    }

    /** The API base URL, like https://api.github.com (no trailing slash). */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public GitHubState state() {
        return state;
    }

    /**
     * Writes an executable {@code gh} into {@code binDir} that runs {@link FakeGh} against this fake GitHub with
     * this JVM's module path; put {@code binDir} first on the PATH of the program under test. Returns the file.
     */
    public Path installGh(Path binDir) {
        String java = Path.of(System.getProperty("nexus.java.home", System.getProperty("java.home")), "bin", "java").toString();
        String script = "#!/bin/sh\n"
                + "# The fake gh of the nexus testkit (test/nexus.testkit/README.md): answers like gh 2.x, against the fake\n"
                + "# GitHub at " + apiUrl() + " instead of github.com.\n"
                + "exec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --module-path '" + System.getProperty("jdk.module.path")
                + "' -m nexus.testkit/nexus.testkit.github.FakeGh --api '" + apiUrl() + "' \"$@\"\n";
        try {
            Files.createDirectories(binDir);
            Path gh = binDir.resolve("gh");
            Files.writeString(gh, script);
            Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
            return gh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake gh into " + binDir, e);
        }
    }

    /** Requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String path = exchange.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(new RecordedRequest(exchange.getRequestMethod(), path, scheme(authorization)));
            }
            Reply reply = route(exchange.getRequestMethod(), path, authorization, requestBody);
            byte[] body = JsonCodec.write(reply.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("X-GitHub-Media-Type", "github.v3; format=json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** A response of the fake: status and JSON body. */
    record Reply(int status, JsonValue body) {}

    private Reply route(String method, String path, String authorization, byte[] body) {
        if (method.equals("GET") && (path.equals("/user") || path.equals("/user/"))) {
            if (authorization == null) {
                return error(401, "Requires authentication", DOCS + "/users/users#get-the-authenticated-user");
            }
            Optional<GitHubUser> user = token(authorization).flatMap(state::userForToken);
            return user.map(u -> new Reply(200, userJson(u))).orElseGet(() -> error(401, "Bad credentials", DOCS));
        }
        Reply more = GitHubRoutes.route(state, method, path, token(authorization).flatMap(state::userForToken), body);
        return more != null ? more : error(404, "Not Found", DOCS);
    }

    static Reply error(int status, String message, String documentation) {
        return new Reply(status, JsonObject.builder()
                .put("message", message)
                .put("documentation_url", documentation)
                .put("status", String.valueOf(status))
                .build());
    }

    private static JsonObject userJson(GitHubUser u) {
        String nodeId = Base64.getEncoder().encodeToString(("04:User" + u.id()).getBytes(StandardCharsets.UTF_8));
        return JsonObject.builder()
                .put("login", u.login())
                .put("id", u.id())
                .put("node_id", nodeId)
                .put("avatar_url", "https://avatars.githubusercontent.com/u/" + u.id() + "?v=4")
                .put("html_url", "https://github.com/" + u.login())
                .put("type", "User")
                .put("site_admin", false)
                .put("name", u.name())
                .put("email", u.email())
                .put("created_at", "2020-01-01T00:00:00Z")
                .put("updated_at", "2020-01-01T00:00:00Z")
                .build();
    }

    /** "Bearer abc" or "token abc" (scheme case-insensitive, as GitHub accepts) → "abc". */
    private static Optional<String> token(String authorization) {
        String scheme = scheme(authorization);
        if (scheme == null || !(scheme.equals("bearer") || scheme.equals("token"))) {
            return Optional.empty();
        }
        String rest = authorization.substring(authorization.indexOf(' ') + 1).strip();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    private static String scheme(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        return (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
