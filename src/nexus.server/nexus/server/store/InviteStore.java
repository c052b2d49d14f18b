package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Single-use invites, stored by the SHA-256 of their token; each names the user it creates, or, for a user who
 * exists already (created by an earlier invite), the user it signs in again; and each expires.
 */
public final class InviteStore {

    /** What a used invite grants: a new user of that name ({@code userId} null), or the existing user {@code userId}. */
    public record Invite(String username, String userId) {}

    private InviteStore() {}

    public static void insert(Connection c, String hash, Invite invite, Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO invites (hash, username, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setString(2, invite.username());
            ps.setString(3, invite.userId());
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, expiresAt.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Marks the invite used and returns what it grants, if it exists, is unused and has not expired. */
    public static Optional<Invite> consume(Connection c, String hash, Instant now) throws SQLException {
        Invite invite;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT username, user_id FROM invites WHERE hash = ? AND used_at IS NULL AND expires_at > ?")) {
            ps.setString(1, hash);
            ps.setLong(2, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                invite = new Invite(rs.getString(1), rs.getString(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE invites SET used_at = ? WHERE hash = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return Optional.of(invite);
    }
}
