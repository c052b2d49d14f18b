package nexus.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import nexus.core.json.JsonObject;
import nexus.core.spi.LocalAgent;
import nexus.server.auth.Scope;
import nexus.server.auth.Tokens;
import nexus.server.log.JsonLog;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;

/**
 * The local node: an agent running inside the server's JVM (found with {@link ServiceLoader}, provided by the
 * nexus.agent module), so one host is a complete installation. It talks to the server over HTTP with a node
 * token named "local", kept in {@code <data>/local-node.token} so restarts reuse the same node.
 */
final class LocalNode {
    static final String NAME = "local";

    private LocalNode() {}

    /** Starts the local agent, or returns empty (and logs why) when this runtime has none. */
    static Optional<AutoCloseable> start(DataDir data, Database db, URI serverUrl, String driver, String advertiseHost,
                                         List<Path> allowedRepos, JsonLog log, Clock clock) throws Exception {
        Optional<LocalAgent> agent = ServiceLoader.load(LocalAgent.class).findFirst();
        if (agent.isEmpty()) {
            log.warn("no local agent in this runtime (module nexus.agent is missing); running without a local node",
                    JsonObject.empty());
            return Optional.empty();
        }
        Optional<String> token = token(data, db, clock);
        if (token.isEmpty()) {
            log.warn("the local node was removed by an admin (its token is revoked); serving without it. To add it again, "
                    + "delete the token file and restart", JsonObject.builder().put("path", data.root().resolve(DataDir.LOCAL_NODE_TOKEN).toString())
                    .build());
            return Optional.empty();
        }
        AutoCloseable running = agent.get().start(new LocalAgent.Settings(serverUrl, token.get(), driver, data.agentState(),
                advertiseHost, NAME, allowedRepos, List.of(data.root())));
        log.info("local node started", JsonObject.builder().put("driver", driver).put("advertise_host", advertiseHost)
                .put("state", data.agentState().toString()).build());
        return Optional.of(running);
    }

    /**
     * The local node's token, reused from the data directory. If the file is gone (or the database is a restored
     * copy), a new secret replaces the old one under the same token row, so the local node keeps its node id. It
     * never expires (the server holds it). Empty when an admin removed the local node (its token is revoked): that
     * choice outlives restarts, until the file is deleted.
     */
    private static Optional<String> token(DataDir data, Database db, Clock clock) {
        Optional<String> kept = data.readSecret(DataDir.LOCAL_NODE_TOKEN).filter(t -> Tokens.looksLike(Scope.NODE.prefix(), t));
        String token = kept.orElseGet(() -> Tokens.mint(Scope.NODE));
        String hash = Tokens.hash(token);
        boolean removed = db.write(tx -> {
            Optional<TokenStore.StoredToken> row = TokenStore.findByHash(tx.connection(), hash);
            if (row.isPresent()) {
                return row.get().revokedAt() != null;
            }
            if (!TokenStore.replaceNodeSecret(tx.connection(), NAME, hash)) {
                TokenStore.insert(tx.connection(), new TokenStore.Grant(Scope.NODE, null, NAME, "local node", null), hash,
                        clock.instant());
            }
            return false;
        });
        if (removed) {
            return Optional.empty();
        }
        if (kept.isEmpty()) {
            data.writeSecret(DataDir.LOCAL_NODE_TOKEN, token);
        }
        return Optional.of(token);
    }
}
