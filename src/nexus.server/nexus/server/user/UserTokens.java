package nexus.server.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nexus.core.api.TokenInfo;
import nexus.core.id.Names;
import nexus.server.auth.Principal;
import nexus.server.http.ApiException;
import nexus.server.store.Database;
import nexus.server.store.TokenStore;
import nexus.server.store.UserStore;

/**
 * A user's API tokens: the user lists and revokes their own, an admin those of any user (named by user name or
 * id). Lists show live tokens only (not revoked, not expired). A token id that is not one of the user's live
 * tokens is 404, whoever it belongs to, so ids of other users' tokens cannot be probed.
 */
public final class UserTokens {
    private final Database db;
    private final Clock clock;

    public UserTokens(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The caller's live tokens, oldest first, the one in use marked {@code current}. */
    public List<TokenInfo> mine(Principal p) {
        return list(p.userId(), p.tokenId());
    }

    /** Revokes one of the caller's tokens (the one in use too, if named). */
    public void revokeMine(Principal p, String tokenId) {
        revoke(p.userId(), tokenId, "you have no live token " + Names.printable(tokenId) + "; GET /users/me/tokens lists yours");
    }

    /** Revokes every token of the caller, the one in use included; returns how many. */
    public int revokeAllMine(Principal p) {
        Instant now = clock.instant();
        return db.write(tx -> TokenStore.revokeAllOfUser(tx.connection(), p.userId(), now));
    }

    /** The live tokens of the user named (or with id) {@code userRef}. */
    public List<TokenInfo> ofUser(String userRef) {
        return list(resolve(userRef).id(), null);
    }

    /** Revokes one token of the user {@code userRef}. */
    public void revokeOfUser(String userRef, String tokenId) {
        UserStore.User u = resolve(userRef);
        revoke(u.id(), tokenId, u.username() + " has no live token " + Names.printable(tokenId)
                + "; GET /users/" + u.username() + "/tokens lists them");
    }

    /** Revokes every token of the user {@code userRef}; returns how many. */
    public int revokeAllOfUser(String userRef) {
        String userId = resolve(userRef).id();
        Instant now = clock.instant();
        return db.write(tx -> TokenStore.revokeAllOfUser(tx.connection(), userId, now));
    }

    private List<TokenInfo> list(String userId, String currentTokenId) {
        Instant now = clock.instant();
        return db.read(c -> TokenStore.liveOfUser(c, userId, now)).stream()
                .map(t -> new TokenInfo(t.id(), t.label(), t.createdAt(), t.lastUsedAt(), t.expiresAt(), t.id().equals(currentTokenId)))
                .toList();
    }

    private void revoke(String userId, String tokenId, String notFound) {
        Instant now = clock.instant();
        if (!db.write(tx -> TokenStore.revokeOfUser(tx.connection(), userId, tokenId, now))) {
            throw ApiException.notFound(notFound);
        }
    }

    private UserStore.User resolve(String ref) {
        return db.read(c -> find(c, ref)).orElseThrow(() -> ApiException.notFound("there is no user "
                + Names.printable(ref) + " (give a user name or a user id)"));
    }

    private static Optional<UserStore.User> find(Connection c, String ref) throws SQLException {
        Optional<UserStore.User> byId = UserStore.byId(c, ref);
        return byId.isPresent() ? byId : UserStore.byUsername(c, ref);
    }
}
