package nexus.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import nexus.core.repo.HostPathPolicy;
import nexus.server.auth.TokenLifetimes;
import nexus.server.http.TlsFiles;
import nexus.server.quota.QuotaDefaults;

/**
 * Everything {@link Server} needs to run, with the defaults of {@code nexus-server serve}. Each {@code with…}
 * returns a copy with one setting changed (through {@link Copy}, so a new setting is added in one place per
 * concern, not in every wither).
 *
 * @param listen         address to bind (port 0: any free port)
 * @param dataDir        data directory
 * @param publicUrl      the URL clients use (null: derived from the bound address)
 * @param localNode      run the in-process agent (the local node)
 * @param driver         driver for the local node: auto, lxc, incus, docker or sandbox
 * @param githubApi      GitHub API base URL for identity checks
 * @param tls            certificate and key (null: plain HTTP)
 * @param insecure       allow plain HTTP on a non-loopback address
 * @param nodeTimeout    silence after which a node is offline
 * @param maxBodyBytes   largest request body accepted
 * @param shutdownGrace  how long in-flight requests may take to finish at shutdown
 * @param logSink        where JSON log lines go
 * @param clock          the time source
 * @param hostPaths      the node directories users may name as repositories ({@code --allow-local-repos}; none by default)
 * @param maxUploadBytes largest upload of a user's checkout ({@code --max-upload-size})
 * @param quotas         the per-user limits every user has unless an admin set others for them
 * @param tokenLifetimes how long new user and node tokens live
 */
public record ServerConfig(InetSocketAddress listen, Path dataDir, URI publicUrl, boolean localNode, String driver,
                           URI githubApi, TlsFiles tls, boolean insecure, Duration nodeTimeout, int maxBodyBytes,
                           Duration shutdownGrace, Consumer<String> logSink, Clock clock, HostPathPolicy hostPaths,
                           long maxUploadBytes, QuotaDefaults quotas, TokenLifetimes tokenLifetimes) {
    public static final int DEFAULT_PORT = 3001;
    public static final URI GITHUB_API = URI.create("https://api.github.com");
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final long MAX_UPLOAD_BYTES = 512L << 20;
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(githubApi, "githubApi");
        Objects.requireNonNull(logSink, "logSink");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(hostPaths, "hostPaths");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(tokenLifetimes, "tokenLifetimes");
    }

    /** The defaults of {@code serve} for a data directory: loopback:3001, local node on, public GitHub. */
    public static ServerConfig defaults(Path dataDir, Consumer<String> logSink) {
        return new ServerConfig(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), dataDir, null, true, "auto", GITHUB_API,
                null, false, NODE_TIMEOUT, MAX_BODY_BYTES, SHUTDOWN_GRACE, logSink, Clock.systemUTC(),
                HostPathPolicy.NONE, MAX_UPLOAD_BYTES, QuotaDefaults.STANDARD, TokenLifetimes.defaults());
    }

    public ServerConfig withListen(InetSocketAddress a) {
        return with(c -> c.listen = a);
    }

    public ServerConfig withPublicUrl(URI u) {
        return with(c -> c.publicUrl = u);
    }

    public ServerConfig withLocalNode(boolean on, String drv) {
        return with(c -> {
            c.localNode = on;
            c.driver = drv;
        });
    }

    public ServerConfig withGithubApi(URI u) {
        return with(c -> c.githubApi = u);
    }

    public ServerConfig withTls(TlsFiles t, boolean allowInsecure) {
        return with(c -> {
            c.tls = t;
            c.insecure = allowInsecure;
        });
    }

    public ServerConfig withClock(Clock clk) {
        return with(c -> c.clock = clk);
    }

    public ServerConfig withMaxBodyBytes(int bytes) {
        return with(c -> c.maxBodyBytes = bytes);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return with(c -> c.shutdownGrace = d);
    }

    public ServerConfig withNodeTimeout(Duration d) {
        return with(c -> c.nodeTimeout = d);
    }

    public ServerConfig withHostPaths(HostPathPolicy p) {
        return with(c -> c.hostPaths = p);
    }

    public ServerConfig withMaxUploadBytes(long bytes) {
        return with(c -> c.maxUploadBytes = bytes);
    }

    public ServerConfig withQuotas(QuotaDefaults q) {
        return with(c -> c.quotas = q);
    }

    public ServerConfig withTokenLifetimes(TokenLifetimes t) {
        return with(c -> c.tokenLifetimes = t);
    }

    private ServerConfig with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** A mutable copy of a config, for the withers. */
    private static final class Copy {
        InetSocketAddress listen;
        Path dataDir;
        URI publicUrl;
        boolean localNode;
        String driver;
        URI githubApi;
        TlsFiles tls;
        boolean insecure;
        Duration nodeTimeout;
        int maxBodyBytes;
        Duration shutdownGrace;
        Consumer<String> logSink;
        Clock clock;
        HostPathPolicy hostPaths;
        long maxUploadBytes;
        QuotaDefaults quotas;
        TokenLifetimes tokenLifetimes;

        Copy(ServerConfig c) {
            listen = c.listen;
            dataDir = c.dataDir;
            publicUrl = c.publicUrl;
            localNode = c.localNode;
            driver = c.driver;
            githubApi = c.githubApi;
            tls = c.tls;
            insecure = c.insecure;
            nodeTimeout = c.nodeTimeout;
            maxBodyBytes = c.maxBodyBytes;
            shutdownGrace = c.shutdownGrace;
            logSink = c.logSink;
            clock = c.clock;
            hostPaths = c.hostPaths;
            maxUploadBytes = c.maxUploadBytes;
            quotas = c.quotas;
            tokenLifetimes = c.tokenLifetimes;
        }

        ServerConfig build() {
            return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, nodeTimeout,
                    maxBodyBytes, shutdownGrace, logSink, clock, hostPaths, maxUploadBytes, quotas, tokenLifetimes);
        }
    }
}
