package nexus.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nexus.core.json.JsonObject;
import nexus.server.log.JsonLog;
import nexus.server.store.Database;
import nexus.server.store.StoreException;
import nexus.server.store.TokenStore;

/**
 * Keeps {@code last_used_at} of tokens without a database write per request: a token's row is written only when
 * its recorded use is {@link #RESOLUTION} old or more, and by one request at a time (the others of that moment
 * go on without waiting). A busy token thus costs one small write a minute. The use is informative: when it
 * cannot be written the request still goes through and the log says why.
 */
final class TokenUse {
    static final Duration RESOLUTION = Duration.ofMinutes(1);

    private final Database db;
    private final JsonLog log;
    private final Set<String> writing = ConcurrentHashMap.newKeySet();

    TokenUse(Database db, JsonLog log) {
        this.db = db;
        this.log = log;
    }

    void record(TokenStore.StoredToken t, Instant now) {
        if (t.lastUsedAt() != null && now.isBefore(t.lastUsedAt().plus(RESOLUTION))) {
            return;
        }
        if (!writing.add(t.id())) {
            return;
        }
        try {
            db.write(tx -> {
                TokenStore.markUsed(tx.connection(), t.id(), now);
                return null;
            });
        } catch (StoreException e) {
            log.warn("could not record the use of a token", JsonObject.builder().put("token_id", t.id())
                    .put("reason", e.getMessage()).build());
        } finally {
            writing.remove(t.id());
        }
    }
}
