package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code Idempotency-Key}s of workspace creations, per user, for 24 hours: a retried create with the same key and
 * the same request answers the workspace the first one made instead of making another.
 */
public final class IdempotencyStore {

    /** The first request made with a key: a hash of its body and the workspace it created. */
    public record Entry(String requestHash, String workspaceId) {}

    private IdempotencyStore() {}

    public static Optional<Entry> find(Connection c, String ownerId, String key, Instant notBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_hash, workspace_id FROM idempotency_keys WHERE owner_id = ? AND key = ? AND created_at >= ?")) {
            ps.setString(1, ownerId);
            ps.setString(2, key);
            ps.setLong(3, notBefore.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Stores a key (replacing an expired entry of the same key). */
    public static void put(Connection c, String ownerId, String key, Entry entry, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO idempotency_keys (owner_id, key, request_hash, workspace_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, ownerId);
            ps.setString(2, key);
            ps.setString(3, entry.requestHash());
            ps.setString(4, entry.workspaceId());
            ps.setLong(5, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Forgets keys older than {@code cutoff}. */
    public static int expire(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
        }
    }
}
