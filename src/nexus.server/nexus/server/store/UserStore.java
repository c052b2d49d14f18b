package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import nexus.core.id.Ids;

/** Users: an id, a unique user name (the GitHub login, or the name an invite gave) and the GitHub account id. */
public final class UserStore {

    public record User(String id, String username, Long githubId, Instant createdAt) {}

    private UserStore() {}

    public static void insert(Connection c, User u) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (id, username, github_id, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, u.id());
            ps.setString(2, u.username());
            if (u.githubId() == null) {
                ps.setNull(3, java.sql.Types.INTEGER);
            } else {
                ps.setLong(3, u.githubId());
            }
            ps.setLong(4, u.createdAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    public static Optional<User> byId(Connection c, String id) throws SQLException {
        return one(c, "SELECT id, username, github_id, created_at FROM users WHERE id = ?", id);
    }

    /** Case-insensitive, like GitHub logins. */
    public static Optional<User> byUsername(Connection c, String username) throws SQLException {
        return one(c, "SELECT id, username, github_id, created_at FROM users WHERE username = ?", username);
    }

    /** By id ({@code user-…}) or by user name: how admins name a user. */
    public static Optional<User> byRef(Connection c, String ref) throws SQLException {
        return Ids.isId(Ids.USER, ref) ? byId(c, ref) : byUsername(c, ref);
    }

    public static Optional<User> byGithubId(Connection c, long githubId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, username, github_id, created_at FROM users WHERE github_id = ?")) {
            ps.setLong(1, githubId);
            return read(ps);
        }
    }

    /** A GitHub user renamed their account: keep the account, follow the new login. */
    public static void rename(Connection c, String id, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET username = ? WHERE id = ?")) {
            ps.setString(1, username);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static Optional<User> one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            return read(ps);
        }
    }

    private static Optional<User> read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long gh = rs.getLong(3);
            Long githubId = rs.wasNull() ? null : gh;
            return Optional.of(new User(rs.getString(1), rs.getString(2), githubId, Instant.ofEpochMilli(rs.getLong(4))));
        }
    }
}
