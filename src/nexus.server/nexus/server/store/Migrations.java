package nexus.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import nexus.core.Version;

/**
 * Versioned schema changes, applied in order at start, each in its own transaction and recorded in
 * {@code schema_migrations}. Append new migrations; never edit one that has shipped. A database whose newest
 * migration is unknown to this binary was written by a newer Nexus: it is refused rather than guessed at.
 */
final class Migrations {

    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(
            new Migration(1, "users, tokens, invites, nodes, workspaces, ports, idempotency keys", List.of(
                    """
                    CREATE TABLE users (
                      id          TEXT PRIMARY KEY,
                      username    TEXT NOT NULL UNIQUE COLLATE NOCASE,
                      github_id   INTEGER UNIQUE,
                      created_at  INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE ssh_keys (
                      user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                      fingerprint  TEXT NOT NULL,
                      type         TEXT NOT NULL,
                      public_key   TEXT NOT NULL,
                      comment      TEXT,
                      added_at     INTEGER NOT NULL,
                      PRIMARY KEY (user_id, fingerprint)
                    )""",
                    """
                    CREATE TABLE tokens (
                      id          TEXT PRIMARY KEY,
                      hash        TEXT NOT NULL UNIQUE,
                      scope       TEXT NOT NULL CHECK (scope IN ('admin', 'user', 'node')),
                      user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
                      name        TEXT,
                      created_at  INTEGER NOT NULL,
                      CHECK ((scope = 'user') = (user_id IS NOT NULL))
                    )""",
                    "CREATE UNIQUE INDEX tokens_node_name ON tokens(name) WHERE scope = 'node'",
                    """
                    CREATE TABLE invites (
                      hash        TEXT PRIMARY KEY,
                      username    TEXT NOT NULL COLLATE NOCASE,
                      created_at  INTEGER NOT NULL,
                      expires_at  INTEGER NOT NULL,
                      used_at     INTEGER
                    )""",
                    """
                    CREATE TABLE nodes (
                      id                   TEXT PRIMARY KEY,
                      token_id             TEXT NOT NULL UNIQUE REFERENCES tokens(id),
                      name                 TEXT NOT NULL,
                      advertise_host       TEXT NOT NULL,
                      drivers              TEXT NOT NULL,
                      cpus                 INTEGER NOT NULL,
                      memory_mb            INTEGER NOT NULL,
                      disk_mb              INTEGER NOT NULL,
                      max_workspaces       INTEGER NOT NULL,
                      ssh_first            INTEGER NOT NULL,
                      ssh_last             INTEGER NOT NULL,
                      service_first        INTEGER NOT NULL,
                      service_last         INTEGER NOT NULL,
                      version              TEXT NOT NULL,
                      state                TEXT NOT NULL CHECK (state IN ('online', 'offline')),
                      last_seen            INTEGER NOT NULL,
                      registered_at        INTEGER NOT NULL,
                      instances            INTEGER,
                      memory_available_mb  INTEGER,
                      load_average         REAL,
                      assignments_version  INTEGER NOT NULL DEFAULT 0
                    )""",
                    """
                    CREATE TABLE workspaces (
                      id                     TEXT PRIMARY KEY,
                      owner_id               TEXT NOT NULL REFERENCES users(id),
                      name                   TEXT NOT NULL,
                      node_id                TEXT NOT NULL REFERENCES nodes(id),
                      status                 TEXT NOT NULL,
                      phase                  TEXT,
                      desired_state          TEXT NOT NULL CHECK (desired_state IN ('running', 'stopped', 'deleted')),
                      generation             INTEGER NOT NULL,
                      restart_generation     INTEGER NOT NULL DEFAULT 0,
                      force                  INTEGER NOT NULL DEFAULT 0,
                      repo_url               TEXT NOT NULL,
                      repo_owner             TEXT,
                      repo_name              TEXT,
                      repo_branch            TEXT,
                      provider               TEXT,
                      image                  TEXT,
                      config                 TEXT,
                      ip                     TEXT,
                      services               TEXT NOT NULL DEFAULT '{}',
                      timeline               TEXT NOT NULL DEFAULT '[]',
                      host_keys              TEXT NOT NULL DEFAULT '[]',
                      host_key_fingerprints  TEXT NOT NULL DEFAULT '[]',
                      error                  TEXT,
                      repo_state             TEXT,
                      created_at             INTEGER NOT NULL,
                      updated_at             INTEGER NOT NULL,
                      ready_at               INTEGER,
                      version                INTEGER NOT NULL,
                      UNIQUE (owner_id, name)
                    )""",
                    "CREATE INDEX workspaces_node ON workspaces(node_id)",
                    """
                    CREATE TABLE ports (
                      node_id       TEXT NOT NULL REFERENCES nodes(id),
                      port          INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
                      workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                      kind          TEXT NOT NULL CHECK (kind IN ('ssh', 'service')),
                      position      INTEGER NOT NULL,
                      PRIMARY KEY (node_id, port)
                    )""",
                    "CREATE INDEX ports_workspace ON ports(workspace_id)",
                    """
                    CREATE TABLE idempotency_keys (
                      owner_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                      key           TEXT NOT NULL,
                      request_hash  TEXT NOT NULL,
                      workspace_id  TEXT NOT NULL,
                      created_at    INTEGER NOT NULL,
                      PRIMARY KEY (owner_id, key)
                    )""")),
            new Migration(2, "workspaces.action_generation: the generation of the last lifecycle action", List.of(
                    "ALTER TABLE workspaces ADD COLUMN action_generation INTEGER NOT NULL DEFAULT 1",
                    "UPDATE workspaces SET action_generation = generation")),
            new Migration(3, "tokens: label, expiry, last use, revocation; node names unique among live node tokens; re-invites", List.of(
                    "ALTER TABLE tokens ADD COLUMN label TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE tokens ADD COLUMN expires_at INTEGER",
                    "ALTER TABLE tokens ADD COLUMN last_used_at INTEGER",
                    "ALTER TABLE tokens ADD COLUMN revoked_at INTEGER",
                    """
                    UPDATE tokens SET label = CASE
                      WHEN scope = 'user' THEN 'registration (before token labels)'
                      WHEN scope = 'node' AND name = 'local' THEN 'local node'
                      WHEN scope = 'node' THEN 'node ' || name
                      WHEN name = 'initial' THEN 'first start'
                      ELSE coalesce(name, 'admin token') END""",
                    // User tokens expire now; those minted before get the default lifetime (90 days) from the upgrade
                    // on, so an upgrade logs nobody out at once.
                    "UPDATE tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 7776000000 WHERE scope = 'user'",
                    // A removed node's name is free again once its token is revoked.
                    "DROP INDEX tokens_node_name",
                    "CREATE UNIQUE INDEX tokens_live_node_name ON tokens(name) WHERE scope = 'node' AND revoked_at IS NULL",
                    "CREATE INDEX tokens_user ON tokens(user_id) WHERE user_id IS NOT NULL",
                    // An invite for an existing (invited) user signs that user in again, e.g. after their token expired.
                    "ALTER TABLE invites ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE")),
            new Migration(4, "quota_overrides per user; workspaces.requested_cpu and requested_memory_bytes for the quotas",
                    List.of(
                    """
                    CREATE TABLE quota_overrides (
                      user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                      name        TEXT NOT NULL,
                      value       INTEGER NOT NULL CHECK (value >= 0),
                      updated_at  INTEGER NOT NULL,
                      PRIMARY KEY (user_id, name)
                    )""",
                    // what the config given at creation asked for (NULL: nothing, or the repository's config, which
                    // only the node reads); workspaces created before this migration count as NULL
                    "ALTER TABLE workspaces ADD COLUMN requested_cpu INTEGER",
                    "ALTER TABLE workspaces ADD COLUMN requested_memory_bytes INTEGER")),
            new Migration(5, "uploads: git bundles of users' checkouts; workspaces made from them", List.of(
                    """
                    CREATE TABLE uploads (
                      id              TEXT PRIMARY KEY,
                      owner_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                      size_bytes      INTEGER NOT NULL CHECK (size_bytes > 0),
                      sha256          TEXT NOT NULL,
                      received_bytes  INTEGER NOT NULL DEFAULT 0,
                      complete        INTEGER NOT NULL DEFAULT 0,
                      workspace_id    TEXT UNIQUE REFERENCES workspaces(id) ON DELETE SET NULL,
                      created_at      INTEGER NOT NULL,
                      used_at         INTEGER
                    )""",
                    "CREATE INDEX uploads_owner ON uploads(owner_id)",
                    "ALTER TABLE workspaces ADD COLUMN repo_upload TEXT",
                    "ALTER TABLE workspaces ADD COLUMN repo_source TEXT")));

    private Migrations() {}

    static int latest() {
        return ALL.getLast().version();
    }

    static void apply(Database db) {
        db.withWriter(c -> {
            exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            int current = currentVersion(c);
            if (current > latest()) {
                throw new StoreException("the database " + db.file() + " has schema version " + current
                        + ", but this nexus-server " + Version.current() + " knows versions up to " + latest()
                        + ". It was written by a newer Nexus: run that version (or newer), or restore a backup made"
                        + " with this version. Nothing was changed.");
            }
            for (Migration m : ALL) {
                if (m.version() > current) {
                    applyOne(c, m);
                }
            }
            return null;
        });
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void applyOne(Connection c, Migration m) throws SQLException {
        exec(c, "BEGIN IMMEDIATE");
        try {
            for (String sql : m.statements()) {
                exec(c, sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            exec(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            exec(c, "ROLLBACK");
            throw e;
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
