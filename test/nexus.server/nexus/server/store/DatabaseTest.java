package nexus.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import nexus.server.auth.Scope;
import nexus.server.testing.Files2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("db");
    }

    @AfterEach
    void tearDown() {
        Files2.deleteTree(dir);
    }

    @Test
    void databaseAndItsWalAreOwnerOnlyAndInWalMode() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        try (Database db = Database.open(file)) {
            db.write(tx -> TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "t", "test", null), Instant.now()));
            assertEquals("rw-------", mode(file));
            assertEquals("rw-------", mode(dir.resolve(Database.FILE_NAME + "-wal")));
            assertEquals("rw-------", mode(dir.resolve(Database.FILE_NAME + "-shm")));
            assertEquals("wal", db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
            int version = db.read(Migrations::currentVersion);
            assertEquals(Migrations.latest(), version);
        }
        assertFalse(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")), "closing checkpoints and removes the WAL");
    }

    @Test
    void reopeningAppliesNothingTwiceAndKeepsData() {
        Path file = dir.resolve(Database.FILE_NAME);
        try (Database db = Database.open(file)) {
            db.write(tx -> TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "t", "test", null), Instant.now()));
        }
        try (Database db = Database.open(file)) {
            int admins = db.read(c -> TokenStore.count(c, Scope.ADMIN));
            assertEquals(1, admins);
            int applied = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_migrations")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(Migrations.ALL.size(), applied);
        }
    }

    /** A database as a Nexus whose newest migration was {@code version} left it, with {@code rows} inserted. */
    private static void createAtVersion(Path file, int version, String... rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            for (Migrations.Migration m : Migrations.ALL.subList(0, version)) {
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_migrations VALUES (" + m.version() + ", 'test', 0)");
            }
            for (String row : rows) {
                s.execute(row);
            }
        }
    }

    @Test
    void anOlderDatabaseIsUpgradedInPlace() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        createAtVersion(file, 1);
        try (Database db = Database.open(file)) {
            int version = db.read(Migrations::currentVersion);
            assertEquals(Migrations.latest(), version);
            boolean columns = db.read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT action_generation, requested_cpu, "
                             + "requested_memory_bytes, repo_upload, repo_source FROM workspaces, quota_overrides")) {
                    return !rs.next();
                }
            });
            assertTrue(columns, "the later migrations' columns exist (and the table is still empty)");
            assertTrue(db.read(UploadStore::ids).isEmpty());
        }
    }

    @Test
    void tokensFromBeforeTheUpgradeGetLabelsAndUserTokensAnExpiryCountedFromTheUpgrade() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        createAtVersion(file, 2,
                "INSERT INTO users (id, username, created_at) VALUES ('user-a', 'alice', 0)",
                "INSERT INTO tokens (id, hash, scope, user_id, name, created_at) VALUES ('tok-u', 'h1', 'user', 'user-a', NULL, 0)",
                "INSERT INTO tokens (id, hash, scope, user_id, name, created_at) VALUES ('tok-a', 'h2', 'admin', NULL, 'initial', 0)",
                "INSERT INTO tokens (id, hash, scope, user_id, name, created_at) VALUES ('tok-l', 'h3', 'node', NULL, 'local', 0)",
                "INSERT INTO tokens (id, hash, scope, user_id, name, created_at) VALUES ('tok-n', 'h4', 'node', NULL, 'box-2', 0)");
        Instant before = Instant.now();
        try (Database db = Database.open(file)) {
            TokenStore.StoredToken user = db.read(c -> TokenStore.findByHash(c, "h1")).orElseThrow();
            assertTrue(!user.expiresAt().isBefore(before.plus(java.time.Duration.ofDays(90)).minusSeconds(5)),
                    "a token from 1970 is not expired by the upgrade: " + user.expiresAt());
            assertEquals(null, db.read(c -> TokenStore.findByHash(c, "h2")).orElseThrow().expiresAt(), "admin tokens do not expire");
            assertEquals("registration (before token labels)", db.read(c -> TokenStore.liveOfUser(c, "user-a", before)).getFirst().label());
            db.write(tx -> {
                TokenStore.revoke(tx.connection(), "tok-n", before);
                // the name of a node whose token is revoked can be given to a new node token
                TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.NODE, null, "box-2", "node box-2", null), before);
                return null;
            });
            assertThrows(StoreException.class, () -> db.write(tx -> TokenStore.mint(tx.connection(),
                    new TokenStore.Grant(Scope.NODE, null, "box-2", "node box-2", null), before)), "but only to one live token");
        }
    }

    @Test
    void aDatabaseFromANewerNexusIsRefusedUntouched() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        try (Database db = Database.open(file)) {
            db.write(tx -> {
                try (PreparedStatement ps = tx.connection().prepareStatement(
                        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, 'from the future', 0)")) {
                    ps.setInt(1, Migrations.latest() + 5);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        byte[] before = Files.readAllBytes(file);
        StoreException e = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains("schema version " + (Migrations.latest() + 5)), e.getMessage());
        assertTrue(e.getMessage().contains("newer Nexus"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the refused database is not modified");
    }

    @Test
    void notADatabaseGetsAClearMessage() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        Files.writeString(file, "this is a text file, not SQLite\n".repeat(100));
        StoreException e = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void backupIsAConsistentCopyThatOpensWithTheSameData() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        Path copy = dir.resolve("backup.db");
        try (Database db = Database.open(file)) {
            for (int i = 0; i < 5; i++) {
                db.write(tx -> TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.NODE, null, "node-" + System.nanoTime(), "test", null), Instant.now()));
            }
            db.backupTo(copy);
            assertEquals("rw-------", mode(copy));
            StoreException again = assertThrows(StoreException.class, () -> db.backupTo(copy));
            assertTrue(again.getMessage().contains("already exists"), again.getMessage());
        }
        try (Database restored = Database.open(copy)) {
            int nodes = restored.read(c -> TokenStore.count(c, Scope.NODE));
            assertEquals(5, nodes);
        }
    }

    @Test
    void everyCommitOfEveryProcessIsCountedAndNothingElse() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        try (Database db = Database.open(file); Database other = Database.open(file)) {
            assertEquals("rw-------", mode(dir.resolve(Database.FILE_NAME + CommitCounter.SUFFIX)));
            long v = db.commitCount();
            db.read(c -> TokenStore.count(c, Scope.ADMIN));
            assertEquals(v, db.commitCount(), "reads change nothing");
            db.write(tx -> TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "t", "test", null), Instant.now()));
            assertEquals(v + 1, db.commitCount(), "a commit of this Database's own");
            // another Database on the same file maps the same counter, as another process (admin-token) does
            other.write(tx -> TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "t", "test", null), Instant.now()));
            assertEquals(v + 2, db.commitCount(), "a commit of another process");
            assertThrows(IllegalStateException.class, () -> db.write(tx -> {
                throw new IllegalStateException("rolled back");
            }));
            assertEquals(v + 2, db.commitCount(), "a rolled back transaction is no commit");
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Database db = Database.open(dir.resolve(Database.FILE_NAME))) {
            assertThrows(IllegalStateException.class, () -> db.write(tx -> {
                TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.ADMIN, null, "t", "test", null), Instant.now());
                throw new IllegalStateException("boom");
            }));
            int admins = db.read(c -> TokenStore.count(c, Scope.ADMIN));
            assertEquals(0, admins);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
