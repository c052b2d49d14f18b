package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nexus.core.id.Ids;
import nexus.server.auth.Scope;
import nexus.server.auth.Tokens;

/**
 * API tokens by their SHA-256: minting stores the hash and hands the plain token back exactly once. A token is
 * live until it is revoked ({@code revoked_at}) or expires ({@code expires_at}, null: never). Revoked rows are
 * kept: a node row references its token, and a revoked token is answered as revoked, not as unknown.
 */
public final class TokenStore {

    /** What a request's token check needs: the row as it is now (never cached, so a revocation counts at once). */
    public record StoredToken(String id, String hash, Scope scope, String userId, String name, Instant expiresAt,
                              Instant lastUsedAt, Instant revokedAt) {

        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** A token as its owner (or an admin) sees it in a list: never the hash. */
    public record Listed(String id, String label, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {}

    /** A freshly minted token: its row id and the plain token, which is not kept anywhere. */
    public record Minted(String id, String token) {}

    /** Who a new token is for: user tokens name the user, node tokens the node; the label says how it was minted. */
    public record Grant(Scope scope, String userId, String name, String label, Instant expiresAt) {}

    private static final String LIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";

    private TokenStore() {}

    public static Minted mint(Connection c, Grant grant, Instant now) throws SQLException {
        String token = Tokens.mint(grant.scope());
        return new Minted(insert(c, grant, Tokens.hash(token), now), token);
    }

    /** Stores a token minted elsewhere (the local node's, kept in the data directory). */
    public static String insert(Connection c, Grant grant, String hash, Instant now) throws SQLException {
        String id = Ids.newId("tok");
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tokens (id, hash, scope, user_id, name, created_at, label, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, id);
            ps.setString(2, hash);
            ps.setString(3, grant.scope().wire());
            ps.setString(4, grant.userId());
            ps.setString(5, grant.name());
            ps.setLong(6, now.toEpochMilli());
            ps.setString(7, grant.label());
            setInstant(ps, 8, grant.expiresAt());
            ps.executeUpdate();
        }
        return id;
    }

    /** Every authenticated request runs this: its statement is cached on the connection. */
    public static Optional<StoredToken> findByHash(Connection c, String hash) throws SQLException {
        PreparedStatement ps = StatementCache.prepare(c,
                "SELECT id, hash, scope, user_id, name, expires_at, last_used_at, revoked_at FROM tokens WHERE hash = ?");
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredToken(rs.getString(1), rs.getString(2),
                    Scope.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getString(4), rs.getString(5),
                    instant(rs, 6), instant(rs, 7), instant(rs, 8)));
        }
    }

    /** Records a use (callers limit how often: see {@code nexus.server.auth.TokenUse}). */
    public static void markUsed(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET last_used_at = ? WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** The user's live tokens, oldest first. */
    public static List<Listed> liveOfUser(Connection c, String userId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, label, created_at, last_used_at, expires_at FROM tokens "
                + "WHERE user_id = ? AND " + LIVE + " ORDER BY created_at, id")) {
            ps.setString(1, userId);
            ps.setLong(2, now.toEpochMilli());
            List<Listed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), instant(rs, 4),
                            instant(rs, 5)));
                }
            }
            return out;
        }
    }

    /** Revokes one live token of the user; false when the user has no live token with that id. */
    public static boolean revokeOfUser(Connection c, String userId, String tokenId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND " + LIVE)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, tokenId);
            ps.setString(3, userId);
            ps.setLong(4, now.toEpochMilli());
            return ps.executeUpdate() > 0;
        }
    }

    /** Revokes every live token of the user; returns how many. */
    public static int revokeAllOfUser(Connection c, String userId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND " + LIVE)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, userId);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate();
        }
    }

    /** Revokes one token by id, whatever its scope (a node's, when the node is removed). */
    public static void revoke(Connection c, String tokenId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, tokenId);
            ps.executeUpdate();
        }
    }

    /** Revokes every admin token but {@code keepId}; returns how many were live. */
    public static int revokeAdminTokensExcept(Connection c, String keepId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tokens SET revoked_at = ? WHERE scope = 'admin' AND id <> ? AND " + LIVE)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, keepId);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate();
        }
    }

    /** The id of the unrevoked node token named {@code name}, if there is one. */
    public static Optional<String> nodeTokenId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM tokens WHERE scope = 'node' AND name = ? AND revoked_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Gives the unrevoked node token named {@code name} a new secret (same row, so the same node); false if there
     * is none.
     */
    public static boolean replaceNodeSecret(Connection c, String name, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tokens SET hash = ? WHERE scope = 'node' AND name = ? AND revoked_at IS NULL")) {
            ps.setString(1, hash);
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        }
    }

    /** Tokens of the scope ever minted, revoked or not. */
    public static int count(Connection c, Scope scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tokens WHERE scope = ?")) {
            ps.setString(1, scope.wire());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
