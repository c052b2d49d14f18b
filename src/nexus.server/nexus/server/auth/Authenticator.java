package nexus.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nexus.core.json.JsonTimes;
import nexus.server.log.JsonLog;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;

/**
 * Turns an {@code Authorization} header into the caller. The token's SHA-256 is looked up (an index lookup on a
 * hash reveals nothing about the token) and then compared with {@link Tokens#sameHash} in constant time, so no
 * byte-by-byte comparison of secrets happens anywhere. The token itself is never logged or kept.
 *
 * <p>A revocation counts from the next request, also when another process made it ({@code nexus-server admin-token
 * --revoke-others} while the server runs). Token rows are cached, each with the database's
 * {@link Database#commitCount} read just before the row: the row is used again only while that count is
 * unchanged, i.e. while no Nexus process has committed anything since, so a revoked row is never served. Expiry is
 * checked against the clock on every request. Measured on bench/api (~63 µs a request), reading the row on every
 * request instead cost ~15 µs (the reader pool is contended) and checking SQLite's data_version ~6 µs; the count
 * is a memory read. The use is recorded at most once a minute per token ({@link TokenUse}).
 */
public final class Authenticator {
    private static final int CACHE_LIMIT = 10_000;

    private final Database db;
    private final Clock clock;
    private final TokenUse use;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    /** A token row as it was when the database had seen {@code commits}. */
    private record Known(TokenStore.StoredToken token, long commits) {}

    public Authenticator(Database db, Clock clock, JsonLog log) {
        this.db = db;
        this.clock = clock;
        this.use = new TokenUse(db, log);
    }

    /** The caller, or why the header does not identify one (a message for a 401 answer). */
    public sealed interface Outcome {}

    public record Authenticated(Principal principal) implements Outcome {}

    public record Rejected(String message) implements Outcome {}

    public Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Rejected("this request needs a token: send \"Authorization: Bearer <token>\" "
                    + "(get one with 'nexus auth github' or 'nexus-server admin-token')");
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return new Rejected("the Authorization header must be \"Bearer <token>\"");
        }
        String token = authorization.substring(space + 1).strip();
        Scope scope = scopeOf(token);
        if (scope == null) {
            String hint = token.startsWith("gh") ? " (this looks like a GitHub token: register with it first, "
                    + "POST /users/register, and use the Nexus token you get back)" : "";
            return new Rejected("the token is not a Nexus token" + hint);
        }
        String hash = Tokens.hash(token);
        Optional<TokenStore.StoredToken> stored = row(hash);
        if (stored.isEmpty() || !Tokens.sameHash(stored.get().hash(), hash) || stored.get().scope() != scope) {
            return new Rejected("the token is not valid (mistyped, or from another server); get a new one");
        }
        TokenStore.StoredToken t = stored.get();
        Instant now = clock.instant();
        if (t.revokedAt() != null) {
            return new Rejected("this " + scope.wire() + " token was revoked at " + JsonTimes.format(t.revokedAt()) + "; "
                    + nextStep(scope));
        }
        if (t.expiredAt(now)) {
            return new Rejected("this " + scope.wire() + " token expired at " + JsonTimes.format(t.expiresAt()) + "; "
                    + nextStep(scope));
        }
        use.record(t, now);
        return new Authenticated(new Principal(t.scope(), t.id(), t.userId(), t.name()));
    }

    /** The token's row: the cached one while nothing was committed since it was read, else read again. */
    private Optional<TokenStore.StoredToken> row(String hash) {
        long version = db.commitCount();
        Known k = known.get(hash);
        if (k != null && k.commits() == version) {
            return Optional.of(k.token());
        }
        Optional<TokenStore.StoredToken> stored = db.readOne(c -> TokenStore.findByHash(c, hash));
        if (stored.isEmpty()) {
            known.remove(hash); // unknown hashes are not kept: made-up tokens must not fill the cache
            return stored;
        }
        if (known.size() >= CACHE_LIMIT) {
            known.clear();
        }
        known.put(hash, new Known(stored.get(), version));
        return stored;
    }

    /** How the holder of a token that stopped working gets a new one. */
    private static String nextStep(Scope scope) {
        return switch (scope) {
            case USER -> "log in again with 'nexus auth github', or 'nexus auth invite <token>' with a new invite from "
                    + "your Nexus admin";
            case NODE -> "ask the server's admin for a new node token ('nexus node add', or POST /nodes/tokens) and start "
                    + "the agent with it";
            case ADMIN -> "mint a new admin token on the server with 'nexus-server admin-token --data DIR'";
        };
    }

    private static Scope scopeOf(String token) {
        for (Scope s : Scope.values()) {
            if (Tokens.looksLike(s.prefix(), token)) {
                return s;
            }
        }
        return null;
    }
}
