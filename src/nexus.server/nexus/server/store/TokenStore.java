package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import nexus.core.id.Ids;
import nexus.server.auth.Scope;
import nexus.server.auth.Tokens;

/** API tokens by their SHA-256: minting stores the hash and hands the plain token back exactly once. */
public final class TokenStore {

    /** A stored token: its id, hash, scope, the user of a user token, the name of a node token. */
    public record StoredToken(String id, String hash, Scope scope, String userId, String name) {}

    /** A freshly minted token: its row id and the plain token, which is not kept anywhere. */
    public record Minted(String id, String token) {}

    private TokenStore() {}

    /** Mints a token of {@code scope}; {@code userId} for user tokens, {@code name} for node tokens. */
    public static Minted mint(Connection c, Scope scope, String userId, String name, Instant now) throws SQLException {
        String token = Tokens.mint(scope);
        return new Minted(insert(c, scope, Tokens.hash(token), userId, name, now), token);
    }

    /** Stores a token minted elsewhere (the local node's, kept in the data directory) unless already stored. */
    public static String insert(Connection c, Scope scope, String hash, String userId, String name, Instant now) throws SQLException {
        String id = Ids.newId("tok");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tokens (id, hash, scope, user_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, hash);
            ps.setString(3, scope.wire());
            ps.setString(4, userId);
            ps.setString(5, name);
            ps.setLong(6, now.toEpochMilli());
            ps.executeUpdate();
        }
        return id;
    }

    /** Every authenticated request runs this: its statement is cached on the connection. */
    public static Optional<StoredToken> findByHash(Connection c, String hash) throws SQLException {
        PreparedStatement ps = StatementCache.prepare(c, "SELECT id, hash, scope, user_id, name FROM tokens WHERE hash = ?");
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredToken(rs.getString(1), rs.getString(2),
                    Scope.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getString(4), rs.getString(5)));
        }
    }

    public static boolean nodeTokenNameExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tokens WHERE scope = 'node' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Gives the node token named {@code name} a new secret (same row, so the same node); false if there is none. */
    public static boolean replaceNodeSecret(Connection c, String name, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET hash = ? WHERE scope = 'node' AND name = ?")) {
            ps.setString(1, hash);
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        }
    }

    public static int count(Connection c, Scope scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tokens WHERE scope = ?")) {
            ps.setString(1, scope.wire());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
