package nexus.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import nexus.server.auth.TokenLifetimes;
import nexus.server.http.TlsFiles;

/**
 * Everything {@link Server} needs to run, with the defaults of {@code nexus-server serve}.
 *
 * @param listen       address to bind (port 0: any free port)
 * @param dataDir      data directory
 * @param publicUrl    the URL clients use (null: derived from the bound address)
 * @param localNode    run the in-process agent (the local node)
 * @param driver       driver for the local node: auto, lxc, incus, docker or sandbox
 * @param githubApi    GitHub API base URL for identity checks
 * @param tls          certificate and key (null: plain HTTP)
 * @param insecure     allow plain HTTP on a non-loopback address
 * @param nodeTimeout  silence after which a node is offline
 * @param maxBodyBytes largest request body accepted
 * @param shutdownGrace how long in-flight requests may take to finish at shutdown
 * @param logSink      where JSON log lines go
 * @param clock        the time source
 * @param tokenLifetimes how long new user and node tokens live
 */
public record ServerConfig(InetSocketAddress listen, Path dataDir, URI publicUrl, boolean localNode, String driver,
                           URI githubApi, TlsFiles tls, boolean insecure, Duration nodeTimeout, int maxBodyBytes,
                           Duration shutdownGrace, Consumer<String> logSink, Clock clock,
                           TokenLifetimes tokenLifetimes) {
    public static final int DEFAULT_PORT = 3001;
    public static final URI GITHUB_API = URI.create("https://api.github.com");
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_BODY_BYTES = 1 << 20;

    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(githubApi, "githubApi");
        Objects.requireNonNull(logSink, "logSink");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tokenLifetimes, "tokenLifetimes");
    }

    /** The defaults of {@code serve} for a data directory: loopback:3001, local node on, public GitHub. */
    public static ServerConfig defaults(Path dataDir, Consumer<String> logSink) {
        return new ServerConfig(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), dataDir, null, true, "auto", GITHUB_API,
                null, false, NODE_TIMEOUT, MAX_BODY_BYTES, Duration.ofSeconds(10), logSink, Clock.systemUTC(),
                TokenLifetimes.defaults());
    }

    public ServerConfig withListen(InetSocketAddress a) {
        return new ServerConfig(a, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withPublicUrl(URI u) {
        return new ServerConfig(listen, dataDir, u, localNode, driver, githubApi, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withLocalNode(boolean on, String drv) {
        return new ServerConfig(listen, dataDir, publicUrl, on, drv, githubApi, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withGithubApi(URI u) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, u, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withTls(TlsFiles t, boolean allowInsecure) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, t, allowInsecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, c, tokenLifetimes);
    }

    public ServerConfig withMaxBodyBytes(int bytes) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, nodeTimeout, bytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }

    public ServerConfig withTokenLifetimes(TokenLifetimes t) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, nodeTimeout, maxBodyBytes, shutdownGrace, logSink, clock, t);
    }

    public ServerConfig withNodeTimeout(Duration d) {
        return new ServerConfig(listen, dataDir, publicUrl, localNode, driver, githubApi, tls, insecure, d, maxBodyBytes, shutdownGrace, logSink, clock, tokenLifetimes);
    }
}
