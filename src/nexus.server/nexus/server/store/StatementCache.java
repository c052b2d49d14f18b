package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per connection for the queries every request runs (token lookup, workspace reads):
 * preparing the workspace query costs SQLite more than running it. A connection is used by one thread at a time
 * (the pool hands it over), so each connection's map needs no locking of its own. Callers must not close a cached
 * statement, only its result set; {@link Database#close} closes them all.
 */
final class StatementCache {
    private static final ConcurrentHashMap<Connection, Map<String, PreparedStatement>> CACHE = new ConcurrentHashMap<>();

    private StatementCache() {}

    /**
     * The connection's statement for {@code sql}, prepared on first use. Callers set every parameter on each use;
     * parameters are not cleared in between (sqlite-jdbc's clearParameters costs more than the query itself).
     */
    static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> mine = CACHE.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement ps = mine.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            mine.put(sql, ps);
        }
        return ps;
    }

    /** Closes and forgets the statements of a connection that is being closed. */
    static void forget(Connection c) {
        Map<String, PreparedStatement> mine = CACHE.remove(c);
        if (mine != null) {
            for (PreparedStatement ps : mine.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the connection closes next; SQLite finalizes what is left
                }
            }
        }
    }
}
