package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import nexus.core.protocol.PortRange;

/**
 * Node ports held by workspaces. The primary key (node_id, port) is the uniqueness guard: two workspaces can never
 * hold one port of a node, whatever the code above does. Rows go with their workspace (ON DELETE CASCADE).
 */
public final class PortStore {

    public enum Kind { SSH, SERVICE }

    /** The ports of one workspace: its SSH port and its service ports in allocation order. */
    public record WorkspacePorts(int ssh, List<Integer> services) {
        public WorkspacePorts {
            services = List.copyOf(services);
        }
    }

    private PortStore() {}

    /** Ports of {@code range} already held on the node. */
    public static TreeSet<Integer> used(Connection c, String nodeId, PortRange range) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT port FROM ports WHERE node_id = ? AND port BETWEEN ? AND ?")) {
            ps.setString(1, nodeId);
            ps.setInt(2, range.first());
            ps.setInt(3, range.last());
            TreeSet<Integer> used = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    used.add(rs.getInt(1));
                }
            }
            return used;
        }
    }

    public static void insert(Connection c, String nodeId, int port, String workspaceId, Kind kind, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ports (node_id, port, workspace_id, kind, position) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, nodeId);
            ps.setInt(2, port);
            ps.setString(3, workspaceId);
            ps.setString(4, kind.name().toLowerCase(java.util.Locale.ROOT));
            ps.setInt(5, position);
            ps.executeUpdate();
        }
    }

    public static WorkspacePorts of(Connection c, String workspaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, port FROM ports WHERE workspace_id = ? ORDER BY kind, position")) {
            ps.setString(1, workspaceId);
            int ssh = 0;
            List<Integer> services = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals("ssh")) {
                        ssh = rs.getInt(2);
                    } else {
                        services.add(rs.getInt(2));
                    }
                }
            }
            return new WorkspacePorts(ssh, services);
        }
    }
}
