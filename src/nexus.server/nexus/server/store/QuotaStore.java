package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import nexus.core.api.QuotaLimit;

/**
 * Per-user quota overrides ({@code quota_overrides}: one row per user and limit an admin set) and what a user's
 * workspaces use of each limit, counted from the workspace rows (so it is always exact, in the same transaction).
 */
public final class QuotaStore {

    /** What a user uses now; {@code largestServices}: the most service ports any one of their workspaces holds. */
    public record Usage(long workspaces, long running, long cpu, long memoryBytes, long largestServices) {
        public long get(QuotaLimit limit) {
            return switch (limit) {
                case WORKSPACES -> workspaces;
                case RUNNING_WORKSPACES -> running;
                case SERVICES_PER_WORKSPACE -> largestServices;
                case CPU -> cpu;
                case MEMORY_BYTES -> memoryBytes;
            };
        }
    }

    /** The CPUs and memory a workspace's config asked for when it was created (0: none, or not known then). */
    public record Requested(long cpu, long memoryBytes) {}

    private QuotaStore() {}

    public static Map<QuotaLimit, Long> overrides(Connection c, String userId) throws SQLException {
        Map<QuotaLimit, Long> out = new EnumMap<>(QuotaLimit.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM quota_overrides WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    QuotaLimit limit = QuotaLimit.parse(rs.getString(1));
                    if (limit != null) { // a limit a newer Nexus wrote and this one does not know
                        out.put(limit, rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    public static void set(Connection c, String userId, QuotaLimit limit, long value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO quota_overrides (user_id, name, value, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""")) {
            ps.setString(1, userId);
            ps.setString(2, limit.wire());
            ps.setLong(3, value);
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    public static void reset(Connection c, String userId, QuotaLimit limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM quota_overrides WHERE user_id = ? AND name = ?")) {
            ps.setString(1, userId);
            ps.setString(2, limit.wire());
            ps.executeUpdate();
        }
    }

    /**
     * A workspace being deleted no longer counts; CPUs and memory count for workspaces whose desired state is
     * running (a stopped one holds disk and ports, not CPU or memory).
     */
    public static Usage usage(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(desired_state <> 'deleted'), 0),
                       coalesce(sum(desired_state = 'running'), 0),
                       coalesce(sum(CASE WHEN desired_state = 'running' THEN requested_cpu END), 0),
                       coalesce(sum(CASE WHEN desired_state = 'running' THEN requested_memory_bytes END), 0),
                       (SELECT coalesce(max(n), 0) FROM
                          (SELECT count(*) AS n FROM ports p JOIN workspaces s ON s.id = p.workspace_id
                           WHERE s.owner_id = ?1 AND s.desired_state <> 'deleted' AND p.kind = 'service'
                           GROUP BY p.workspace_id))
                FROM workspaces WHERE owner_id = ?1""")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
    }

    public static Requested requested(Connection c, String workspaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(requested_cpu, 0), coalesce(requested_memory_bytes, 0) FROM workspaces WHERE id = ?")) {
            ps.setString(1, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Requested(rs.getLong(1), rs.getLong(2)) : new Requested(0, 0);
            }
        }
    }
}
