package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Single-use invites, stored by the SHA-256 of their token; each names the user it creates and expires. */
public final class InviteStore {

    private InviteStore() {}

    public static void insert(Connection c, String hash, String username, Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO invites (hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setString(2, username);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, expiresAt.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Marks the invite used and returns its user name, if it exists, is unused and has not expired. */
    public static Optional<String> consume(Connection c, String hash, Instant now) throws SQLException {
        String username;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT username FROM invites WHERE hash = ? AND used_at IS NULL AND expires_at > ?")) {
            ps.setString(1, hash);
            ps.setLong(2, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                username = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE invites SET used_at = ? WHERE hash = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return Optional.of(username);
    }
}
