package nexus.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import nexus.core.Version;
import nexus.core.api.QuotaLimit;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.Durations;
import nexus.core.util.Sizes;
import nexus.server.auth.Scope;
import nexus.server.auth.TokenLifetimes;
import nexus.server.http.JdkServerLog;
import nexus.server.http.TlsFiles;
import nexus.server.log.JsonLog;
import nexus.server.log.LineWriter;
import nexus.server.quota.QuotaDefaults;
import nexus.server.store.Database;
import nexus.server.store.StoreException;
import nexus.server.store.TokenStore;

/**
 * Entry point of {@code nexus-server}. Exit codes: 0 success, 1 the command failed (one line on stderr saying why),
 * 2 the command line is wrong; {@code serve} runs until SIGTERM or SIGINT, shuts down gracefully and then exits
 * 143 or 130 like any program ended by a signal.
 */
public final class Main {
    static final String USAGE = """
            Usage:
              nexus-server serve [--listen HOST:PORT] [--data DIR] [--public-url URL] [--no-local-node]
                                 [--driver auto|lxc|sandbox] [--github-api URL]
                                 [--tls-cert FILE --tls-key FILE | --tls-keystore FILE [--tls-keystore-password-file FILE]]
                                 [--insecure] [--node-timeout DURATION] [--shutdown-grace DURATION]
                                 [--user-token-ttl DURATION|never] [--node-token-ttl DURATION|never]
                                 [--allow-local-repos DIR]... [--max-upload-size SIZE]
                                 [--quota-workspaces N] [--quota-running-workspaces N]
                                 [--quota-services-per-workspace N] [--quota-cpu N] [--quota-memory SIZE]
              nexus-server admin-token [--data DIR] [--ttl DURATION] [--revoke-others]
                                                        mint another admin token and print it; --revoke-others
                                                        also revokes every other admin token (and rewrites
                                                        admin.token), also while the server runs
              nexus-server backup --data DIR --out FILE consistent copy of the database while the server runs
              nexus-server --version | --help

            serve defaults: --listen 127.0.0.1:3001, --data $NEXUS_DATA_DIR or /var/lib/nexus (root) or
            ~/.local/share/nexus-server, --driver auto, --github-api https://api.github.com, --node-timeout 30s,
            --shutdown-grace 10s, --user-token-ttl 90d, --node-token-ttl never (durations: 30s, 15m, 12h,
            90d).
            Per-user quotas (an admin raises or lowers them per user with nexus quota set): --quota-workspaces 10,
            --quota-running-workspaces 5, --quota-services-per-workspace 10, --quota-cpu 16, --quota-memory 32GiB.
            Plain HTTP is refused on non-loopback addresses unless --insecure (use TLS).
            --allow-local-repos DIR (repeatable) lets users name repositories in DIR on the local node by path
            (file:///..., /abs/path); without it only URLs and uploads (nexus up ./dir) are accepted.
            --max-upload-size (default 512MiB) caps one uploaded checkout.
            Logs are JSON lines on stderr. Exit codes: 0 ok, 1 failed, 2 bad command line; serve stops
            gracefully on SIGTERM/SIGINT (exit 143/130).
            """;
    /** How long a SIGTERM that arrives while the server starts waits for the start before it closes what started. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** The drivers of the agent this runtime bundles (nexus.agent.Drivers). */
    private static final List<String> DRIVERS = List.of("auto", "lxc", "sandbox");

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args));
        } catch (Flags.UsageException e) {
            System.err.println("nexus-server: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        } catch (StoreException | IllegalArgumentException | UncheckedIOException | IOException e) {
            System.err.println("nexus-server: " + e.getMessage());
            code = 1;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int run(List<String> args) throws IOException {
        String command = args.isEmpty() ? "--help" : args.getFirst();
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            // `nexus-server serve --help` is where people look for serve's options
            System.out.print(USAGE);
            return 0;
        }
        return switch (command) {
            case "--version", "version" -> {
                System.out.println("nexus-server " + Version.current());
                yield 0;
            }
            case "--help", "-h", "help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            case "serve" -> serve(rest);
            case "admin-token" -> adminToken(rest);
            case "backup" -> backup(rest);
            default -> throw new Flags.UsageException("unknown command \"" + command + "\"");
        };
    }

    private static int serve(List<String> args) throws IOException {
        Set<String> valued = new HashSet<>(Set.of("--listen", "--data", "--public-url", "--driver", "--github-api",
                "--tls-cert", "--tls-key", "--tls-keystore", "--tls-keystore-password-file", "--node-timeout",
                "--max-upload-size", "--shutdown-grace", "--user-token-ttl", "--node-token-ttl"));
        for (QuotaLimit limit : QuotaLimit.values()) {
            valued.add(quotaFlag(limit));
        }
        Flags f = Flags.parse("serve", args, valued, Set.of("--no-local-node", "--insecure"), Set.of("--allow-local-repos"));
        String driver = f.get("--driver", "auto");
        if (!DRIVERS.contains(driver)) {
            throw new Flags.UsageException("serve: --driver must be one of " + String.join(", ", DRIVERS));
        }
        LineWriter logWriter = new LineWriter(System.err);
        JdkServerLog.install(new JsonLog(logWriter, Clock.systemUTC()));
        ServerConfig config = ServerConfig.defaults(dataDir(f), logWriter)
                .withListen(listen(f.get("--listen", "127.0.0.1:" + ServerConfig.DEFAULT_PORT)))
                .withPublicUrl(f.has("--public-url") ? url("--public-url", f.get("--public-url")) : null)
                .withLocalNode(!f.has("--no-local-node"), driver)
                .withGithubApi(url("--github-api", f.get("--github-api", ServerConfig.GITHUB_API.toString())))
                .withTls(tls(f), f.has("--insecure"))
                .withHostPaths(hostPaths(f.all("--allow-local-repos")))
                .withQuotas(quotas(f));
        if (f.has("--max-upload-size")) {
            try {
                config = config.withMaxUploadBytes(Sizes.parseBytes(f.get("--max-upload-size")));
            } catch (IllegalArgumentException e) {
                throw new Flags.UsageException("serve: --max-upload-size: " + e.getMessage());
            }
        }
        if (f.has("--node-timeout")) {
            config = config.withNodeTimeout(duration(f, "serve", "--node-timeout"));
        }
        if (f.has("--shutdown-grace")) {
            config = config.withShutdownGrace(duration(f, "serve", "--shutdown-grace"));
        }
        config = config.withTokenLifetimes(new TokenLifetimes(
                lifetime(f, "serve", "--user-token-ttl", TokenLifetimes.DEFAULT_USER), lifetime(f, "serve", "--node-token-ttl", null)));
        AtomicReference<Server> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before the server starts: a SIGTERM while it starts (its local node just registered, say) waits
        // for the start and then closes the server, so nothing it made (the node's bridge and firewall chains) is left.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await(STARTUP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Server server = running.get();
            if (server != null) {
                server.close();
                logWriter.close();
            }
            stopped.countDown();
        }, "nexus-shutdown"));
        try {
            running.set(Server.start(config));
        } catch (IOException | RuntimeException e) {
            logWriter.close();
            throw e;
        } finally {
            started.countDown();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code --quota-running-workspaces}: the flag of a quota default. */
    private static String quotaFlag(QuotaLimit limit) {
        return "--quota-" + limit.flag().substring(2);
    }

    private static QuotaDefaults quotas(Flags f) {
        QuotaDefaults q = QuotaDefaults.STANDARD;
        for (QuotaLimit limit : QuotaLimit.values()) {
            String flag = quotaFlag(limit);
            if (f.has(flag)) {
                String text = f.get(flag);
                try {
                    q = q.with(limit, limit == QuotaLimit.MEMORY_BYTES ? Sizes.parseBytes(text) : Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new Flags.UsageException("serve: " + flag + " takes a whole number, not \"" + text + "\"");
                } catch (IllegalArgumentException e) {
                    throw new Flags.UsageException("serve: " + flag + ": " + e.getMessage());
                }
            }
        }
        return q;
    }

    private static Duration duration(Flags f, String command, String flag) {
        try {
            return Durations.parse(f.get(flag));
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException(command + ": " + flag + ": " + e.getMessage());
        }
    }

    /**
     * Mints an admin token and prints it. With --revoke-others (the admin token leaked) every other admin token is
     * revoked in the same transaction and admin.token is rewritten with the new one; a running server refuses the
     * old tokens from its next request on, since it checks the database's commit count on every request.
     */
    private static int adminToken(List<String> args) {
        Flags f = Flags.parse("admin-token", args, Set.of("--data", "--ttl"), Set.of("--revoke-others"));
        Duration ttl = lifetime(f, "admin-token", "--ttl", null);
        boolean revokeOthers = f.has("--revoke-others");
        DataDir data = new DataDir(dataDir(f));
        if (!Files.isRegularFile(data.database())) {
            throw new IllegalArgumentException("no Nexus database in " + data.root() + "; start the server once with "
                    + "--data " + data.root() + " (it writes admin.token there), or pass the right --data");
        }
        Instant now = Clock.systemUTC().instant();
        TokenStore.Grant grant = new TokenStore.Grant(Scope.ADMIN, null, "admin-token command",
                revokeOthers ? "admin-token --revoke-others" : "admin-token command", ttl == null ? null : now.plus(ttl));
        record Minted(String token, int revoked) {}
        Minted minted;
        try (Database db = Database.open(data.database())) {
            minted = db.write(tx -> {
                TokenStore.Minted m = TokenStore.mint(tx.connection(), grant, now);
                return new Minted(m.token(), revokeOthers ? TokenStore.revokeAdminTokensExcept(tx.connection(), m.id(), now) : 0);
            });
        }
        if (revokeOthers) {
            Path file = data.writeSecret(DataDir.ADMIN_TOKEN, minted.token());
            System.err.println("nexus-server: revoked " + minted.revoked() + " other admin token(s); " + file + " holds the new one");
        }
        System.out.println(minted.token());
        return 0;
    }

    /** A token lifetime flag: a duration, "never", or {@code fallback} when the flag is absent. */
    private static Duration lifetime(Flags f, String command, String flag, Duration fallback) {
        if (!f.has(flag)) {
            return fallback;
        }
        if (f.get(flag).equals("never")) {
            return null;
        }
        Duration d = duration(f, command, flag);
        if (d.isZero()) {
            throw new Flags.UsageException(command + ": " + flag + ": a lifetime must be longer than 0; write \"never\" "
                    + "for no expiry");
        }
        return d;
    }

    private static int backup(List<String> args) {
        Flags f = Flags.parse("backup", args, Set.of("--data", "--out"), Set.of());
        DataDir data = new DataDir(Path.of(f.require("--data")));
        Path out = Path.of(f.require("--out")).toAbsolutePath();
        try (Database db = Database.openExisting(data.database())) {
            db.backupTo(out);
        }
        System.out.println(out);
        return 0;
    }

    private static Path dataDir(Flags f) {
        if (f.has("--data")) {
            return Path.of(f.get("--data"));
        }
        String env = System.getenv("NEXUS_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/nexus");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("nexus-server");
    }

    private static HostPathPolicy hostPaths(List<String> dirs) {
        try {
            return HostPathPolicy.allowing(dirs.stream().map(Path::of).toList());
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException("serve: " + e.getMessage());
        }
    }

    /** "HOST:PORT", ":PORT" (all interfaces) or "[v6]:PORT". */
    static InetSocketAddress listen(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new Flags.UsageException("serve: --listen takes HOST:PORT, e.g. 127.0.0.1:3001 or 0.0.0.0:3001");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Flags.UsageException("serve: --listen: \"" + text.substring(colon + 1) + "\" is not a port (0-65535)");
        }
        if (port < 0 || port > 65535) {
            throw new Flags.UsageException("serve: --listen: port " + port + " is outside 0-65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static URI url(String flag, String text) {
        try {
            URI u = new URI(text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new Flags.UsageException("serve: " + flag + " must be an http(s) URL, got \"" + text + "\"");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new Flags.UsageException("serve: " + flag + " must be an http(s) URL, got \"" + text + "\"");
        }
    }

    private static TlsFiles tls(Flags f) {
        boolean pem = f.has("--tls-cert") || f.has("--tls-key");
        if (pem && f.has("--tls-keystore")) {
            throw new Flags.UsageException("serve: give --tls-cert/--tls-key or --tls-keystore, not both");
        }
        if (pem) {
            return TlsFiles.pem(Path.of(f.require("--tls-cert")), Path.of(f.require("--tls-key")));
        }
        if (f.has("--tls-keystore")) {
            String pw = f.get("--tls-keystore-password-file");
            return TlsFiles.pkcs12(Path.of(f.get("--tls-keystore")), pw == null ? null : Path.of(pw));
        }
        if (f.has("--tls-keystore-password-file")) {
            throw new Flags.UsageException("serve: --tls-keystore-password-file needs --tls-keystore");
        }
        return null;
    }
}
