package nexus.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.repo.HostPathPolicy;
import nexus.server.DataDir;
import nexus.server.Server;
import nexus.server.ServerConfig;
import nexus.server.http.HttpFrontend;
import nexus.testkit.github.FakeGitHub;

/**
 * A real {@link Server} in the test JVM on a free loopback port, with its own temporary data directory, a fake
 * GitHub, and its log captured (so tests can assert that no secret ever reaches it). {@link #restart} stops it
 * and starts it again on the same data directory.
 */
public final class TestServer implements AutoCloseable {
    static {
        // The JDK server reads its time limits once per JVM, when its classes load: before FakeGitHub starts one.
        HttpFrontend.installLimits();
    }

    /**
     * The tests name repositories as /srv/… paths, like an operator who keeps them there and allowed that directory
     * (--allow-local-repos /srv); their simulated agents never read them. Tests of the refusal start without it.
     */
    public static final HostPathPolicy SRV = HostPathPolicy.allowing(List.of(Path.of("/srv")));

    private final Path data;
    private final FakeGitHub github;
    private final UnaryOperator<ServerConfig> customize;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;

    private TestServer(Path data, FakeGitHub github, UnaryOperator<ServerConfig> customize) {
        this.data = data;
        this.github = github;
        this.customize = customize;
    }

    public static TestServer start() {
        return start(c -> c);
    }

    /** Starts with the test defaults (port 0, no local node, fake GitHub) changed by {@code customize}. */
    public static TestServer start(UnaryOperator<ServerConfig> customize) {
        try {
            TestServer t = new TestServer(Files.createTempDirectory("nexus-server-test"), FakeGitHub.start(), customize);
            t.boot();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() throws IOException {
        ServerConfig config = ServerConfig.defaults(data, log::add)
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withLocalNode(false, "auto")
                .withGithubApi(github.apiUrl())
                .withHostPaths(SRV);
        server = Server.start(customize.apply(config));
    }

    /** Stops the server and starts a new one on the same data directory (a new port). */
    public void restart() {
        server.close();
        try {
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Server server() {
        return server;
    }

    public FakeGitHub github() {
        return github;
    }

    public Path dataDir() {
        return data;
    }

    public URI url() {
        return server.url();
    }

    /** Every log line so far. */
    public List<String> log() {
        return new ArrayList<>(log);
    }

    /**
     * The first log line containing {@code text}, waiting for it: the access line of a request is written just after
     * its answer is sent, so a test that just got the answer may be a moment early.
     */
    public String awaitLogLine(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : log) {
                if (line.contains(text)) {
                    return line;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no log line contains " + text + "; log:\n" + String.join("\n", log));
    }

    /** The admin token the first start wrote to the data directory. */
    public String adminToken() {
        return new DataDir(data).readSecret(DataDir.ADMIN_TOKEN).orElseThrow();
    }

    public ApiResponse get(String path, String token) {
        return call("GET", path, token, null);
    }

    public ApiResponse post(String path, String token, JsonValue body) {
        return call("POST", path, token, body == null ? null : body.toString());
    }

    public ApiResponse delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** A request to {@code /api/v1 + path}; {@code body} is sent as is with Content-Type application/json. */
    public ApiResponse call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/api/v1" + path)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    public ApiResponse send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A user registered through the fake GitHub, with their API token and SSH key. */
    public record User(String id, String login, String token, String githubToken, String publicKey) {}

    /** Registers a new GitHub user {@code login} with a fresh ed25519-shaped key. */
    public User registerUser(String login) {
        github.state().addUser(login, login + " Tester");
        String ghToken = github.state().issueToken(login);
        String key = Keys.ed25519(login);
        ApiResponse r = post("/users/register", null, JsonObject.builder().put("github_token", ghToken).put("ssh_pubkey", key).build());
        if (r.status() != 201) {
            throw new IllegalStateException("registering " + login + " failed: " + r);
        }
        JsonObject o = r.json();
        return new User(o.string("user_id"), login, o.string("token"), ghToken, key);
    }

    /**
     * A finished upload of {@code user}'s, with the smallest content the server takes (a git bundle header: the
     * server looks no further; only a workspace would clone it).
     */
    public String upload(User user) {
        byte[] bundle = "# v2 git bundle\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bundle));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ApiResponse begun = post("/uploads", user.token(), JsonObject.builder().put("size_bytes", bundle.length).put("sha256", sha).build());
        String id = begun.json().string("upload_id");
        ApiResponse sent = send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/uploads/" + id + "?offset=0"))
                .header("Authorization", "Bearer " + user.token()).PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)).build());
        if (sent.status() != 200 || !sent.json().bool("complete")) {
            throw new IllegalStateException("uploading failed: " + sent);
        }
        return id;
    }

    /** Signs {@code u} in again through GitHub (as from another machine): the same user with a new token. */
    public User signInAgain(User u) {
        String ghToken = github.state().issueToken(u.login());
        ApiResponse r = post("/users/register", null, JsonObject.builder().put("github_token", ghToken).put("ssh_pubkey", u.publicKey()).build());
        if (r.status() != 200) {
            throw new IllegalStateException("signing " + u.login() + " in again failed: " + r);
        }
        return new User(u.id(), u.login(), r.json().string("token"), ghToken, u.publicKey());
    }

    /** The id of the token of {@code token}'s own request ({@code current} in GET /users/me/tokens). */
    public String tokenId(String token) {
        ApiResponse r = get("/users/me/tokens", token);
        if (r.status() != 200) {
            throw new IllegalStateException("listing tokens failed: " + r);
        }
        return r.json().array("tokens").objects(o -> o).stream().filter(o -> o.bool("current")).findFirst().orElseThrow()
                .string("token_id");
    }

    /** Runs {@code nexus-server admin-token} on this server's data directory in its own process; returns the token. */
    public String adminTokenCommand(String... flags) {
        List<String> args = new ArrayList<>(List.of("admin-token", "--data", data.toString()));
        args.addAll(List.of(flags));
        ServerProcess.Result r = ServerProcess.run(Duration.ofSeconds(60), args.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("admin-token " + args + " failed: " + r.stderr());
        }
        return r.stdout().strip();
    }

    /** Mints a node token named {@code name} with the admin token. */
    public String nodeToken(String name) {
        ApiResponse r = post("/nodes/tokens", adminToken(), JsonObject.builder().put("name", name).build());
        if (r.status() != 201) {
            throw new IllegalStateException("minting a node token failed: " + r);
        }
        return r.json().string("token");
    }

    @Override
    public void close() {
        // Server errors are what a failing test most needs to show; print them (tests assert on them separately).
        log.stream().filter(l -> l.contains("\"level\":\"error\"")).forEach(l -> System.out.println("server log: " + l));
        try {
            server.close();
        } finally {
            github.close();
            http.close();
            Files2.deleteTree(data);
        }
    }
}
