package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.core.api.SshKey;

/** Users' SSH public keys, unique per user by SHA256 fingerprint, in the order they were added. */
public final class KeyStore {

    private KeyStore() {}

    public static void insert(Connection c, String userId, SshKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ssh_keys (user_id, fingerprint, type, public_key, comment, added_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, userId);
            ps.setString(2, key.fingerprint());
            ps.setString(3, key.type());
            ps.setString(4, key.publicKey());
            ps.setString(5, key.comment());
            ps.setLong(6, key.addedAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    public static List<SshKey> list(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT fingerprint, type, public_key, comment, added_at FROM ssh_keys WHERE user_id = ? ORDER BY added_at, fingerprint")) {
            ps.setString(1, userId);
            List<SshKey> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new SshKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return keys;
        }
    }

    public static Optional<SshKey> find(Connection c, String userId, String fingerprint) throws SQLException {
        return list(c, userId).stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
    }

    /** True when a key was removed. */
    public static boolean delete(Connection c, String userId, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ssh_keys WHERE user_id = ? AND fingerprint = ?")) {
            ps.setString(1, userId);
            ps.setString(2, fingerprint);
            return ps.executeUpdate() > 0;
        }
    }
}
