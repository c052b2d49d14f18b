package nexus.server.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;

/**
 * Turns an {@code Authorization} header into the caller. The token's SHA-256 is looked up (an index lookup on a
 * hash reveals nothing about the token) and then compared with {@link Tokens#sameHash} in constant time, so no
 * byte-by-byte comparison of secrets happens anywhere. The token itself is never logged or kept.
 *
 * <p>Found tokens are remembered by hash: a token row never changes and is never deleted while the server runs
 * (no API revokes tokens), so the cache cannot go stale, and it spares every request a database read. Whatever
 * adds revocation must also drop the token from this cache.
 */
public final class Authenticator {
    private static final int CACHE_LIMIT = 10_000;

    private final Database db;
    private final ConcurrentHashMap<String, TokenStore.StoredToken> known = new ConcurrentHashMap<>();

    public Authenticator(Database db) {
        this.db = db;
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
        TokenStore.StoredToken t = known.get(hash);
        if (t == null) {
            Optional<TokenStore.StoredToken> stored = db.readOne(c -> TokenStore.findByHash(c, hash));
            if (stored.isEmpty()) {
                return invalid();
            }
            t = stored.get();
            if (known.size() >= CACHE_LIMIT) {
                known.clear();
            }
            known.put(hash, t);
        }
        if (!Tokens.sameHash(t.hash(), hash) || t.scope() != scope) {
            return invalid();
        }
        return new Authenticated(new Principal(t.scope(), t.id(), t.userId(), t.name()));
    }

    private static Rejected invalid() {
        return new Rejected("the token is not valid (mistyped, or from another server); get a new one");
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
