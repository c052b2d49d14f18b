package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.core.api.NodeInfo;
import nexus.core.api.NodeState;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.PortRange;

/**
 * Nodes: what each said about itself at registration, its liveness ({@code state}, {@code last_seen}), its last
 * heartbeat's load, and {@code assignments_version}, which grows whenever any workspace spec of the node changes.
 */
public final class NodeStore {

    public record Node(String id, String tokenId, String name, String advertiseHost, List<String> drivers,
                       Capacity capacity, PortRange sshPorts, PortRange servicePorts, String version, NodeState state,
                       Instant lastSeen, Instant registeredAt, Long memoryAvailableMb, long assignmentsVersion,
                       int workspaces) {

        public NodeInfo toInfo() {
            return new NodeInfo(id, name, state, advertiseHost, drivers, capacity, sshPorts, servicePorts, workspaces,
                    lastSeen, version);
        }

        public boolean online() {
            return state == NodeState.ONLINE;
        }
    }

    private static final String SELECT = """
            SELECT n.id, n.token_id, n.name, n.advertise_host, n.drivers, n.cpus, n.memory_mb, n.disk_mb, n.max_workspaces,
                   n.ssh_first, n.ssh_last, n.service_first, n.service_last, n.version, n.state, n.last_seen,
                   n.registered_at, n.memory_available_mb, n.assignments_version,
                   (SELECT count(*) FROM workspaces w WHERE w.node_id = n.id)
            FROM nodes n""";

    private NodeStore() {}

    public static Optional<Node> byId(Connection c, String id) throws SQLException {
        return one(c, SELECT + " WHERE n.id = ?", id);
    }

    public static Optional<Node> byTokenId(Connection c, String tokenId) throws SQLException {
        return one(c, SELECT + " WHERE n.token_id = ?", tokenId);
    }

    /** By name: node names are their tokens' names, unique among live node tokens. */
    public static Optional<Node> byName(Connection c, String name) throws SQLException {
        return one(c, SELECT + " WHERE n.name = ?", name);
    }

    /** Forgets a node; its workspaces (and with them its ports) must be gone first. */
    public static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    public static List<Node> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY n.name, n.id")) {
            return read(ps);
        }
    }

    public static List<Node> online(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE n.state = 'online' ORDER BY n.id")) {
            return read(ps);
        }
    }

    public static void insert(Connection c, String id, String tokenId, String name, NodeRegistration r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO nodes (id, token_id, name, advertise_host, drivers, cpus, memory_mb, disk_mb, max_workspaces,
                                   ssh_first, ssh_last, service_first, service_last, version, state, last_seen, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'online', ?, ?)""")) {
            ps.setString(1, id);
            ps.setString(2, tokenId);
            ps.setString(3, name);
            int i = setRegistration(ps, 4, r);
            ps.setLong(i, now.toEpochMilli());
            ps.setLong(i + 1, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** A registering node updates what it says about itself and is online again. */
    public static void updateRegistration(Connection c, String id, NodeRegistration r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE nodes SET advertise_host = ?, drivers = ?, cpus = ?, memory_mb = ?, disk_mb = ?, max_workspaces = ?,
                                 ssh_first = ?, ssh_last = ?, service_first = ?, service_last = ?, version = ?,
                                 state = 'online', last_seen = ?
                WHERE id = ?""")) {
            int i = setRegistration(ps, 1, r);
            ps.setLong(i, now.toEpochMilli());
            ps.setString(i + 1, id);
            ps.executeUpdate();
        }
    }

    private static int setRegistration(PreparedStatement ps, int i, NodeRegistration r) throws SQLException {
        ps.setString(i++, r.advertiseHost());
        ps.setString(i++, JsonCodec.write(JsonArray.ofStrings(r.drivers())));
        ps.setInt(i++, r.capacity().cpus());
        ps.setLong(i++, r.capacity().memoryMb());
        ps.setLong(i++, r.capacity().diskMb());
        ps.setInt(i++, r.capacity().maxWorkspaces());
        ps.setInt(i++, r.sshPorts().first());
        ps.setInt(i++, r.sshPorts().last());
        ps.setInt(i++, r.servicePorts().first());
        ps.setInt(i++, r.servicePorts().last());
        ps.setString(i++, r.version());
        return i;
    }

    /** Records a heartbeat (or any other sign of life) and its load figures. */
    public static void heartbeat(Connection c, String id, Heartbeat h, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE nodes SET state = 'online', last_seen = ?, instances = ?, memory_available_mb = ?, load_average = ?
                WHERE id = ?""")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, h.instances());
            ps.setLong(3, h.memoryAvailableMb());
            ps.setDouble(4, h.loadAverage());
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    /** Marks the node seen now (and online). */
    public static void seen(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET state = 'online', last_seen = ? WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Online nodes not seen since {@code cutoff}. */
    public static List<String> silentSince(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM nodes WHERE state = 'online' AND last_seen < ?")) {
            ps.setLong(1, cutoff.toEpochMilli());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    public static void markOffline(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET state = 'offline' WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Any assignment of the node changed: the next long-poll answers. */
    public static void bumpAssignments(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET assignments_version = assignments_version + 1 WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    public static long assignmentsVersion(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT assignments_version FROM nodes WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static Optional<Node> one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<Node> nodes = read(ps);
            return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.getFirst());
        }
    }

    private static List<Node> read(PreparedStatement ps) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long mem = rs.getLong(18);
                Long memoryAvailable = rs.wasNull() ? null : mem;
                out.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        JsonCodec.parse(rs.getString(5)) instanceof JsonArray a ? a.strings() : List.of(),
                        new Capacity(rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getInt(9)),
                        new PortRange(rs.getInt(10), rs.getInt(11)), new PortRange(rs.getInt(12), rs.getInt(13)),
                        rs.getString(14), NodeState.parse(rs.getString(15)), Instant.ofEpochMilli(rs.getLong(16)),
                        Instant.ofEpochMilli(rs.getLong(17)), memoryAvailable, rs.getLong(19), rs.getInt(20)));
            }
        }
        return out;
    }
}
