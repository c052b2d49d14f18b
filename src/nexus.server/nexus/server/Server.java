package nexus.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import nexus.core.Version;
import nexus.core.json.JsonObject;
import nexus.core.repo.HostPathPolicy;
import nexus.core.spi.LocalAgent;
import nexus.server.api.ApiRoutes;
import nexus.server.auth.Authenticator;
import nexus.server.auth.Scope;
import nexus.server.events.ChangeNotifier;
import nexus.server.github.GitHubIdentity;
import nexus.server.http.Dispatcher;
import nexus.server.http.HttpFrontend;
import nexus.server.http.Route;
import nexus.server.http.Router;
import nexus.server.log.JsonLog;
import nexus.server.metrics.RequestMetrics;
import nexus.server.node.AssignmentFeed;
import nexus.server.node.NodeRegistry;
import nexus.server.node.NodeRemoval;
import nexus.server.node.StatusIngest;
import nexus.server.quota.Quotas;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;
import nexus.server.user.UserTokens;
import nexus.server.user.Users;
import nexus.server.upload.Uploads;
import nexus.server.workspace.CloneTokens;
import nexus.server.workspace.CreateRequests;
import nexus.server.workspace.Workspaces;

/**
 * A running coordination server: the wiring of store, services, routes and the HTTP front, in one object that
 * tests start on port 0 and stop, and that {@code nexus-server serve} runs until SIGTERM. {@link #close} shuts
 * down in order: long-polls are released, the listener stops and in-flight requests finish (bounded), the local
 * agent stops, the database closes.
 */
public final class Server implements AutoCloseable {
    private static final String LOCAL_NODE_FAILED =
            "the local node could not start; serving without it (fix the cause and restart, or pass --no-local-node)";
    private static final Duration UPLOAD_SWEEP = Duration.ofMinutes(1);
    private final ServerConfig config;
    private final JsonLog log;
    private final Database db;
    private final ChangeNotifier notifier;
    private final GitHubIdentity github;
    private final List<Route> routes;
    private final HttpFrontend http;
    private final List<Periodic> periodic;
    private final URI url;
    private AutoCloseable localAgent;
    private boolean closed;

    private Server(ServerConfig config, JsonLog log, Database db, ChangeNotifier notifier, GitHubIdentity github,
                   List<Route> routes, HttpFrontend http, List<Periodic> periodic, URI url) {
        this.config = config;
        this.log = log;
        this.db = db;
        this.notifier = notifier;
        this.github = github;
        this.routes = routes;
        this.http = http;
        this.periodic = periodic;
        this.url = url;
    }

    /**
     * Opens the data directory and database, mints the first admin token if there is none, serves the API and
     * starts the local node if asked to.
     *
     * @throws IllegalArgumentException for a configuration that cannot work (message says why)
     * @throws IOException              when the address cannot be bound
     */
    public static Server start(ServerConfig config) throws IOException {
        JsonLog log = new JsonLog(config.logSink(), config.clock());
        checkTransport(config);
        SSLContext tls = config.tls() == null ? null : config.tls().load();
        DataDir data = new DataDir(config.dataDir());
        data.prepare();
        Database db = Database.open(data.database());
        List<AutoCloseable> opened = new ArrayList<>(List.of(db));
        try {
            firstAdminToken(data, db, log, config);
            ChangeNotifier notifier = new ChangeNotifier();
            CloneTokens cloneTokens = new CloneTokens();
            GitHubIdentity github = new GitHubIdentity(config.githubApi());
            opened.add(github);
            RequestMetrics metrics = new RequestMetrics();
            NodeRegistry nodes = new NodeRegistry(db, notifier, log, config.clock(), config.nodeTimeout(), config.tokenLifetimes());
            Users users = new Users(db, github, notifier, config.clock(), config.tokenLifetimes());
            Quotas quotas = new Quotas(db, config.quotas(), config.clock());
            Workspaces workspaces = new Workspaces(db, notifier, cloneTokens, quotas, config.clock());
            Uploads uploads = new Uploads(db, data.uploads(), config.maxUploadBytes(), config.clock());
            // the data directory holds the tokens and the database: no repository path may lead into it
            HostPathPolicy hostPaths = config.hostPaths().protecting(List.of(data.root()));
            List<Route> routes = ApiRoutes.all(new ApiRoutes.Services(db, users, workspaces, new CreateRequests(hostPaths),
                    uploads, nodes,
                    new AssignmentFeed(db, notifier, cloneTokens, config.clock()),
                    new StatusIngest(db, nodes, notifier, cloneTokens, config.clock()), metrics, config.clock(), quotas,
                    new UserTokens(db, config.clock()), new NodeRemoval(db, notifier, cloneTokens, log, config.clock())));
            Dispatcher dispatcher = new Dispatcher(new Router(routes), new Authenticator(db, config.clock(), log), log, metrics,
                    config.maxBodyBytes());
            HttpFrontend http;
            try {
                http = HttpFrontend.start(config.listen(), tls, dispatcher);
            } catch (java.net.BindException e) {
                throw new IOException("cannot listen on " + config.listen().getHostString() + ":" + config.listen().getPort()
                        + " (" + e.getMessage() + "); is another server running there? Pick another address with --listen", e);
            }
            opened.add(http);
            URI url = url(http.address(), tls != null);
            // a silent node is offline at most a quarter timeout (and never more than a second) after its timeout
            Duration liveness = Duration.ofMillis(Math.max(50, Math.min(1000, config.nodeTimeout().toMillis() / 4)));
            List<Periodic> periodic = List.of(new Periodic("node-liveness", liveness, nodes::sweep, log),
                    new Periodic("upload-expiry", UPLOAD_SWEEP, uploads::sweep, log));
            Server server = new Server(config, log, db, notifier, github, routes, http, periodic, url);
            log.info("listening", JsonObject.builder().put("url", url.toString()).put("version", Version.current())
                    .put("data", data.root().toString()).put("tls", tls != null).build());
            if (config.localNode()) {
                server.startLocalNode(data);
            }
            return server;
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    /** Plain HTTP is for loopback only, unless the operator says otherwise (e.g. TLS ends at a proxy). */
    private static void checkTransport(ServerConfig config) {
        InetAddress a = config.listen().getAddress();
        boolean loopback = a != null && a.isLoopbackAddress();
        if (config.tls() == null && !loopback && !config.insecure()) {
            throw new IllegalArgumentException("refusing plain HTTP on " + config.listen().getHostString()
                    + ": tokens would cross the network unencrypted. Give --tls-cert and --tls-key, or --insecure if a "
                    + "TLS proxy sits in front, or listen on 127.0.0.1");
        }
    }

    private static void firstAdminToken(DataDir data, Database db, JsonLog log, ServerConfig config) {
        Optional<String> token = db.write(tx -> TokenStore.count(tx.connection(), Scope.ADMIN) > 0 ? Optional.<String>empty()
                : Optional.of(TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "initial", "first start", null),
                        config.clock().instant()).token()));
        if (token.isPresent()) {
            Path file = data.writeSecret(DataDir.ADMIN_TOKEN, token.get());
            log.info("first start: wrote the admin token (mode 0600); read it from there",
                    JsonObject.builder().put("path", file.toString()).build());
        }
    }

    private static URI url(InetSocketAddress bound, boolean tls) {
        InetAddress a = bound.getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + bound.getPort());
    }

    private void startLocalNode(DataDir data) {
        String advertise = config.publicUrl() != null && config.publicUrl().getHost() != null
                ? config.publicUrl().getHost() : "127.0.0.1";
        try {
            localAgent = LocalNode.start(data, db, url, config.driver(), advertise, config.hostPaths().allowed(), log,
                    config.clock()).orElse(null);
        } catch (LocalAgent.HostUnsuitable e) {
            // an expected answer on a host without the driver's tools or rights: the reason says it all, no trace
            log.error(LOCAL_NODE_FAILED, JsonObject.builder().put("driver", config.driver()).put("reason", e.getMessage()).build(), null);
        } catch (Exception e) {
            log.error(LOCAL_NODE_FAILED, JsonObject.builder().put("driver", config.driver()).build(), e);
        }
    }

    /** The server's base URL as bound, e.g. http://127.0.0.1:3001 (without /api/v1). */
    public URI url() {
        return url;
    }

    public int port() {
        return http.address().getPort();
    }

    /** The route table the router serves (and the OpenAPI document describes). */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down", JsonObject.builder().put("grace_seconds", config.shutdownGrace().toSeconds()).build());
        notifier.close();
        http.stop(config.shutdownGrace());
        periodic.forEach(Periodic::close);
        if (localAgent != null) {
            closeQuietly(localAgent);
        }
        github.close();
        db.close();
        log.info("stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down anyway; the next start recovers whatever was left
        }
    }
}
