package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nexus.core.api.DesiredState;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.Repository;
import nexus.core.api.ServiceStatus;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/**
 * Workspace rows. Structured observations (services, timeline, host keys, error, repo state) are stored as the
 * JSON of their API records. {@code version} grows with every change of a row (it is what {@code /events} waits
 * on), {@code generation} with every change of what the agent is asked to do.
 */
public final class WorkspaceStore {

    /** The status users see: {@code unknown} while the node is offline, except for a workspace being deleted. */
    static final String SHOWN_STATUS = "CASE WHEN n.state = 'offline' AND w.status <> 'deleting' THEN 'unknown' ELSE w.status END";

    /** Rows as read, by their JSON text: the records are immutable, so requests share them. */
    private static final ParseMemo<StoredWorkspace> ROWS = new ParseMemo<>(4096, WorkspaceStore::parse);

    /**
     * Everything a workspace view needs, as one JSON object per row (SQLite's json_object). sqlite-jdbc makes
     * two native calls per column and re-reads every column name on every execution, which cost more than the
     * query; one JSON column costs one parse. Not the config text (up to 256 KiB, only needed for the node's spec:
     * {@link #config}).
     */
    private static final String SELECT = """
            SELECT json_object(
                'id', w.id, 'owner_id', w.owner_id, 'owner', u.username, 'name', w.name,
                'node_id', w.node_id, 'node_name', n.name, 'node_host', n.advertise_host, 'node_state', n.state,
                'status', w.status, 'phase', w.phase, 'desired_state', w.desired_state, 'generation', w.generation,
                'restart_generation', w.restart_generation, 'action_generation', w.action_generation, 'force', w.force,
                'repo_url', nullif(w.repo_url, ''), 'repo_owner', w.repo_owner, 'repo_name', w.repo_name,
                'repo_branch', w.repo_branch, 'repo_upload', w.repo_upload, 'repo_source', w.repo_source,
                'provider', w.provider, 'image', w.image, 'ip', w.ip,
                'services', json(w.services), 'timeline', json(w.timeline), 'host_keys', json(w.host_keys),
                'host_key_fingerprints', json(w.host_key_fingerprints), 'error', json(w.error),
                'repo_state', json(w.repo_state), 'created_at', w.created_at, 'updated_at', w.updated_at,
                'ready_at', w.ready_at, 'version', w.version, 'ssh_port', p.port)
            FROM workspaces w JOIN users u ON u.id = w.owner_id JOIN nodes n ON n.id = w.node_id
                 LEFT JOIN ports p ON p.workspace_id = w.id AND p.kind = 'ssh'""";


    /**
     * What a new workspace starts as; {@code requestedCpu} and {@code requestedMemoryBytes} are what the config
     * given at creation asks for (null: nothing, or not known), counted by the quotas.
     */
    public record NewWorkspace(String id, String ownerId, String name, String nodeId, Repository repo, String provider,
                               String image, String config, List<TimelineEntry> timeline, Instant now,
                               Integer requestedCpu, Long requestedMemoryBytes) {}

    /** What an agent observed, merged with what was stored (see StatusIngest). */
    public record Observation(WorkspaceState status, Phase phase, String ip, Map<String, ServiceStatus> services,
                              List<TimelineEntry> timeline, List<String> hostKeys, List<String> hostKeyFingerprints,
                              WorkspaceError error, RepoState repoState, Instant readyAt) {}

    private WorkspaceStore() {}

    public static void insert(Connection c, NewWorkspace w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO workspaces (id, owner_id, name, node_id, status, phase, desired_state, generation,
                                        repo_url, repo_owner, repo_name, repo_branch, provider, image, config, timeline,
                                        created_at, updated_at, version, requested_cpu, requested_memory_bytes,
                                        repo_upload, repo_source)
                VALUES (?, ?, ?, ?, 'pending', 'scheduled', 'running', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)""")) {
            ps.setString(1, w.id());
            ps.setString(2, w.ownerId());
            ps.setString(3, w.name());
            ps.setString(4, w.nodeId());
            // an upload without an upstream has no URL; the column predates uploads and stays NOT NULL
            ps.setString(5, w.repo().url() == null ? "" : w.repo().url());
            ps.setString(6, w.repo().owner());
            ps.setString(7, w.repo().name());
            ps.setString(8, w.repo().branch());
            ps.setString(9, w.provider());
            ps.setString(10, w.image());
            ps.setString(11, w.config());
            ps.setString(12, JsonCodec.write(JsonArray.of(w.timeline())));
            ps.setLong(13, w.now().toEpochMilli());
            ps.setLong(14, w.now().toEpochMilli());
            ps.setObject(15, w.requestedCpu());
            ps.setObject(16, w.requestedMemoryBytes());
            ps.setString(17, w.repo().upload());
            ps.setString(18, w.repo().source());
            ps.executeUpdate();
        }
    }

    public static Optional<StoredWorkspace> byId(Connection c, String id) throws SQLException {
        return one(c, SELECT + " WHERE w.id = ?", id, null);
    }

    public static Optional<StoredWorkspace> byOwnerAndName(Connection c, String ownerId, String name) throws SQLException {
        return one(c, SELECT + " WHERE w.owner_id = ? AND w.name = ?", ownerId, name);
    }

    /** Every workspace of a node, deleted-but-not-yet-confirmed ones included, oldest first. */
    public static List<StoredWorkspace> onNode(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE w.node_id = ? ORDER BY w.created_at, w.id")) {
            ps.setString(1, nodeId);
            return read(ps);
        }
    }

    /** A page of workspaces, by name; {@code ownerId} null for all owners, {@code shownStatus} null for any. */
    public static List<StoredWorkspace> page(Connection c, String ownerId, String shownStatus, int limit, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + filter(ownerId, shownStatus) + " ORDER BY w.name, u.username, w.id LIMIT ? OFFSET ?")) {
            int i = bindFilter(ps, ownerId, shownStatus);
            ps.setInt(i, limit);
            ps.setInt(i + 1, offset);
            return read(ps);
        }
    }

    public static int count(Connection c, String ownerId, String shownStatus) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM workspaces w JOIN users u ON u.id = w.owner_id "
                + "JOIN nodes n ON n.id = w.node_id" + filter(ownerId, shownStatus))) {
            bindFilter(ps, ownerId, shownStatus);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String filter(String ownerId, String shownStatus) {
        List<String> where = new ArrayList<>();
        if (ownerId != null) {
            where.add("w.owner_id = ?");
        }
        if (shownStatus != null) {
            where.add(SHOWN_STATUS + " = ?");
        }
        return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    }

    private static int bindFilter(PreparedStatement ps, String ownerId, String shownStatus) throws SQLException {
        int i = 1;
        if (ownerId != null) {
            ps.setString(i++, ownerId);
        }
        if (shownStatus != null) {
            ps.setString(i++, shownStatus);
        }
        return i;
    }

    /** Workspace counts by shown status, for the metrics. */
    public static Map<String, Integer> countByShownStatus(Connection c) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SHOWN_STATUS + ", count(*) FROM workspaces w "
                + "JOIN nodes n ON n.id = w.node_id GROUP BY 1");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /**
     * Sets what the agent should converge to after a lifecycle action; {@code status} is the transitional state
     * shown until the agent reports on {@code generation} (recorded as the action generation).
     */
    public static void updateDesired(Connection c, String id, DesiredState desired, WorkspaceState status, long generation,
                                     long restartGeneration, boolean force, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE workspaces SET desired_state = ?, status = ?, generation = ?, action_generation = ?,
                                      restart_generation = ?, force = ?, updated_at = ?, version = version + 1
                WHERE id = ?""")) {
            ps.setString(1, desired.wire());
            ps.setString(2, status.wire());
            ps.setLong(3, generation);
            ps.setLong(4, generation);
            ps.setLong(5, restartGeneration);
            ps.setInt(6, force ? 1 : 0);
            ps.setLong(7, now.toEpochMilli());
            ps.setString(8, id);
            ps.executeUpdate();
        }
    }

    public static void updateObserved(Connection c, String id, Observation o, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE workspaces SET status = ?, phase = ?, ip = ?, services = ?, timeline = ?, host_keys = ?,
                                      host_key_fingerprints = ?, error = ?, repo_state = ?, ready_at = ?, updated_at = ?,
                                      version = version + 1
                WHERE id = ?""")) {
            ps.setString(1, o.status().wire());
            ps.setString(2, o.phase() == null ? null : o.phase().wire());
            ps.setString(3, o.ip());
            JsonObject.Builder services = JsonObject.builder();
            new TreeMap<>(o.services()).forEach(services::put);
            ps.setString(4, JsonCodec.write(services.build()));
            ps.setString(5, JsonCodec.write(JsonArray.of(o.timeline())));
            ps.setString(6, JsonCodec.write(JsonArray.ofStrings(o.hostKeys())));
            ps.setString(7, JsonCodec.write(JsonArray.ofStrings(o.hostKeyFingerprints())));
            ps.setString(8, json(o.error()));
            ps.setString(9, json(o.repoState()));
            if (o.readyAt() == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setLong(10, o.readyAt().toEpochMilli());
            }
            ps.setLong(11, now.toEpochMilli());
            ps.setString(12, id);
            ps.executeUpdate();
        }
    }

    /** Something users see changed without a change of the row itself (its node went offline or came back). */
    public static void touchAllOnNode(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE workspaces SET version = version + 1 WHERE node_id = ?")) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
    }

    /**
     * The owner's keys changed: every spec of theirs changes (a new generation, but not a lifecycle action, so
     * reports about the previous generation still set the state). Returns the workspaces touched.
     */
    public static List<StoredWorkspace> bumpGenerationOfOwner(Connection c, String ownerId) throws SQLException {
        return updateAllOfOwner(c, "UPDATE workspaces SET generation = generation + 1, version = version + 1 WHERE owner_id = ?", ownerId);
    }

    /**
     * The owner's name changed: what users see of each of their workspaces changes (a new version), the spec the
     * agent runs does not. Returns the workspaces touched.
     */
    public static List<StoredWorkspace> touchAllOfOwner(Connection c, String ownerId) throws SQLException {
        return updateAllOfOwner(c, "UPDATE workspaces SET version = version + 1 WHERE owner_id = ?", ownerId);
    }

    private static List<StoredWorkspace> updateAllOfOwner(Connection c, String update, String ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setString(1, ownerId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE w.owner_id = ?")) {
            ps.setString(1, ownerId);
            return read(ps);
        }
    }

    /** Forgets a workspace the agent confirmed gone; its ports go with it. */
    public static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM workspaces WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Mean seconds from creation to ready over the last 20 workspaces that got ready, or -1 without any. */
    public static long recentCreationSeconds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT avg(ready_at - created_at) FROM
                  (SELECT ready_at, created_at FROM workspaces WHERE ready_at IS NOT NULL ORDER BY ready_at DESC LIMIT 20)""");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                double ms = rs.getDouble(1);
                if (!rs.wasNull()) {
                    return Math.round(ms / 1000);
                }
            }
            return -1;
        }
    }

    private static String json(JsonWritable w) {
        return w == null ? null : JsonCodec.write(w.toJson());
    }

    /** A single-row lookup every request runs: its statement is cached on the connection. */
    private static Optional<StoredWorkspace> one(Connection c, String sql, String a, String b) throws SQLException {
        PreparedStatement ps = StatementCache.prepare(c, sql);
        ps.setString(1, a);
        if (b != null) {
            ps.setString(2, b);
        }
        List<StoredWorkspace> rows = read(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static List<StoredWorkspace> read(PreparedStatement ps) throws SQLException {
        List<StoredWorkspace> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static StoredWorkspace row(ResultSet rs) throws SQLException {
        return ROWS.get(rs.getString(1));
    }

    private static StoredWorkspace parse(String row) {
        JsonObject o = JsonCodec.parseObject(row);
        Long ready = o.optLong("ready_at");
        Integer sshPort = o.optInt("ssh_port");
        return new StoredWorkspace(o.string("id"), o.string("owner_id"), o.string("owner"), o.string("name"),
                o.string("node_id"), o.string("node_name"), o.string("node_host"), o.string("node_state").equals("online"),
                o.enumValue("status", WorkspaceState.class), o.optEnum("phase", Phase.class),
                o.enumValue("desired_state", DesiredState.class), o.longValue("generation"), o.longValue("restart_generation"),
                o.intValue("force") != 0,
                new Repository(o.optString("repo_url"), o.optString("repo_owner"), o.optString("repo_name"),
                        o.optString("repo_branch"), o.optString("repo_upload"), o.optString("repo_source")),
                o.optString("provider"), o.optString("image"), o.optString("ip"),
                Collections.unmodifiableMap(new LinkedHashMap<>(o.objectMap("services", ServiceStatus::fromJson))),
                o.objects("timeline", TimelineEntry::fromJson), o.strings("host_keys"), o.strings("host_key_fingerprints"),
                o.optObject("error", WorkspaceError::fromJson), o.optObject("repo_state", RepoState::fromJson),
                Instant.ofEpochMilli(o.longValue("created_at")), Instant.ofEpochMilli(o.longValue("updated_at")),
                ready == null ? null : Instant.ofEpochMilli(ready), o.longValue("version"), sshPort == null ? 0 : sshPort,
                o.longValue("action_generation"));
    }

    /** The config text a workspace was created with (null: the repository's own, or detection). */
    public static String config(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT config FROM workspaces WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

}
