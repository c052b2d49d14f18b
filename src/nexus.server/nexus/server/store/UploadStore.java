package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upload rows: who uploaded what (size, SHA-256), how much has arrived, and the workspace made from it. The bytes
 * live in a file per upload (nexus.server.upload.Uploads); a row is written before its first byte and deleted
 * after its file.
 */
public final class UploadStore {

    /**
     * An upload as stored; {@code workspaceId} is null until a workspace is made from it and again once that
     * workspace is deleted ({@code usedAt} then says it was used).
     */
    public record Row(String id, String ownerId, long sizeBytes, String sha256, long receivedBytes, boolean complete,
                      String workspaceId, Instant createdAt, Instant usedAt) {}

    private static final String COLUMNS = "id, owner_id, size_bytes, sha256, received_bytes, complete, workspace_id, created_at, used_at";

    private UploadStore() {}

    public static void insert(Connection c, String id, String ownerId, long sizeBytes, String sha256, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO uploads (id, owner_id, size_bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, ownerId);
            ps.setLong(3, sizeBytes);
            ps.setString(4, sha256);
            ps.setLong(5, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    public static Optional<Row> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM uploads WHERE id = ?")) {
            ps.setString(1, id);
            List<Row> rows = read(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    /** Uploads of {@code ownerId} that no workspace uses and never used: the ones still being sent or waiting. */
    public static int pendingOf(Connection c, String ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM uploads WHERE owner_id = ? AND workspace_id IS NULL AND used_at IS NULL")) {
            ps.setString(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Records that {@code received} bytes have arrived (and whether they are all there and verified). */
    public static void received(Connection c, String id, long received, boolean complete) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE uploads SET received_bytes = ?, complete = ? WHERE id = ?")) {
            ps.setLong(1, received);
            ps.setInt(2, complete ? 1 : 0);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** Gives the upload to a workspace; false when another workspace took it first. */
    public static boolean use(Connection c, String id, String workspaceId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE uploads SET workspace_id = ?, used_at = ? WHERE id = ? AND workspace_id IS NULL AND used_at IS NULL")) {
            ps.setString(1, workspaceId);
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The upload a workspace on {@code nodeId} was made from, if {@code id} is one. */
    public static Optional<Row> forNode(Connection c, String id, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("u") + " FROM uploads u "
                + "JOIN workspaces w ON w.id = u.workspace_id WHERE u.id = ? AND w.node_id = ? AND u.complete = 1")) {
            ps.setString(1, id);
            ps.setString(2, nodeId);
            List<Row> rows = read(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    /**
     * Uploads nobody needs any more: no workspace uses them and either one did (it has been deleted) or none was
     * made from them before {@code unusedBefore}.
     */
    public static List<Row> expired(Connection c, Instant unusedBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM uploads WHERE workspace_id IS NULL "
                + "AND (used_at IS NOT NULL OR created_at < ?)")) {
            ps.setLong(1, unusedBefore.toEpochMilli());
            return read(ps);
        }
    }

    /** Every upload id, for matching files against rows. */
    public static List<String> ids(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM uploads"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM uploads WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static List<Row> read(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long used = rs.getLong(9);
                Instant usedAt = rs.wasNull() ? null : Instant.ofEpochMilli(used);
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        rs.getInt(6) == 1, rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), usedAt));
            }
        }
        return out;
    }
}
