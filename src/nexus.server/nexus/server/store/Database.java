package nexus.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite database file ({@code <data>/nexus.db}): WAL mode, mode 0600, foreign keys on, a busy timeout for
 * other processes ({@code nexus-server admin-token} and {@code backup} open the same file while the server runs).
 *
 * <p>One writer connection behind a lock — SQLite allows one writer at a time anyway, and taking the lock in
 * Java keeps waiting threads off the native busy handler — and a small pool of reader connections, which WAL
 * lets run beside the writer. Writes run in {@code BEGIN IMMEDIATE} transactions so a transaction that reads
 * and then writes (port allocation) cannot be overtaken; reads run in a deferred transaction so every read sees
 * one snapshot.
 *
 * <p>Every commit is counted ({@link #commitCount}, shared with the other Nexus processes on the same file through
 * {@link CommitCounter}), so caches can tell cheaply whether anything was committed since they read a row.
 */
public final class Database implements AutoCloseable {
    public static final String FILE_NAME = "nexus.db";
    private static final int READERS = 4;
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private final CommitCounter commits;
    private volatile boolean closed;

    private Database(Path file) throws SQLException {
        this.file = file;
        this.commits = CommitCounter.open(file);
        try {
            this.writer = connect(file);
        } catch (SQLException e) {
            commits.close();
            throw e;
        }
        all.add(writer);
    }

    /**
     * Opens (creating it with mode 0600 if needed) the database and brings its schema up to date.
     *
     * @throws StoreException if the file is not a Nexus database, or was written by a newer Nexus
     */
    public static Database open(Path file) {
        Database db = openWithoutMigrating(file, true);
        try {
            Migrations.apply(db);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens an existing database as it is (for a backup: copying needs no migration). */
    public static Database openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("there is no Nexus database at " + file + "; pass the --data directory the server uses");
        }
        return openWithoutMigrating(file, false);
    }

    private static Database openWithoutMigrating(Path file, boolean create) {
        if (create) {
            createPrivateFile(file);
        }
        Database db = null;
        try {
            db = new Database(file);
            try (Statement s = db.writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            for (int i = 0; i < READERS; i++) {
                Connection c = connect(file);
                db.all.add(c);
                db.readers.add(c);
            }
            return db;
        } catch (SQLException e) {
            if (db != null) {
                db.close();
            }
            throw new StoreException("cannot open the database " + file + ": " + describe(e)
                    + " (is it a Nexus database? restore a backup made with 'nexus-server backup' if it is damaged)", e);
        }
    }

    /** The database file is created before SQLite opens it so it never exists with a wider mode (WAL files copy it). */
    private static void createPrivateFile(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an existing database keeps its file
        } catch (IOException e) {
            throw new StoreException("cannot create the database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT.toMillis());
            s.execute("PRAGMA foreign_keys=ON");
            // FULL: a committed workspace survives a power cut, not only a crash of the server.
            s.execute("PRAGMA synchronous=FULL");
        }
        return c;
    }

    public Path file() {
        return file;
    }

    /**
     * How many commits Nexus processes have made to this database — this one and any other, such as
     * {@code nexus-server admin-token} running beside the server — counted before each write returns. A cache may
     * keep a row for as long as this number stays what it was just before the row was read.
     */
    public long commitCount() {
        try {
            return commits.value();
        } catch (IllegalStateException e) {
            throw new StoreException("the database is closed (the server is shutting down)");
        }
    }

    /** Runs {@code work} in a read transaction on a pooled reader connection. */
    public <T> T read(SqlWork<Connection, T> work) {
        Connection c = borrowReader();
        try {
            StatementCache.prepare(c, "BEGIN").execute();
            try {
                return work.apply(c);
            } finally {
                StatementCache.prepare(c, "COMMIT").execute();
            }
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + describe(e), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Runs {@code work}, which executes exactly one statement, on a pooled reader connection without an explicit
     * transaction: SQLite runs a lone statement in its own snapshot, and the hottest reads (a workspace by id or
     * name, a token) are spared two more round trips into SQLite.
     */
    public <T> T readOne(SqlWork<Connection, T> work) {
        Connection c = borrowReader();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + describe(e), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction and commits it, or rolls back if it throws
     * (any exception, which is then rethrown as it was, or wrapped if it is an {@link SQLException}).
     */
    public <T> T write(SqlWork<Tx, T> work) {
        if (closed) {
            throw new StoreException("the database is closed (the server is shutting down)");
        }
        Tx tx;
        T result;
        writeLock.lock();
        try {
            exec(writer, "BEGIN IMMEDIATE");
            tx = new Tx(writer);
            try {
                result = work.apply(tx);
                exec(writer, "COMMIT");
                commits.increment();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + describe(e), e);
        } finally {
            writeLock.unlock();
        }
        tx.afterCommitActions().forEach(Runnable::run);
        return result;
    }

    /** Runs schema statements outside any transaction wrapper (migrations manage their own). */
    <T> T withWriter(SqlWork<Connection, T> work) {
        writeLock.lock();
        try {
            T result = work.apply(writer);
            commits.increment();
            return result;
        } catch (SQLException e) {
            throw new StoreException("database schema update failed: " + describe(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A consistent copy of the database, made while it is in use ({@code VACUUM INTO} reads one snapshot).
     * {@code target} must not exist; it is created with mode 0600.
     */
    public void backupTo(Path target) {
        try {
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(target + " already exists; choose a new file name for the backup");
        } catch (IOException e) {
            throw new StoreException("cannot create " + target + ": " + e.getMessage(), e);
        }
        Connection c = borrowReader();
        try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the message below names the file; a leftover empty file is harmless
            }
            throw new StoreException("backup to " + target + " failed: " + describe(e), e);
        } finally {
            readers.add(c);
        }
    }

    private Connection borrowReader() {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort: SQLite finalizes what is left and recovers an unclosed WAL on next open
        }
    }

    private void rollbackQuietly() {
        try {
            exec(writer, "ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite already rolled back (e.g. after SQLITE_FULL); the original failure is what matters
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** True when {@code e} is a UNIQUE or PRIMARY KEY violation (SQLITE_CONSTRAINT). */
    public static boolean isConstraintViolation(SQLException e) {
        return e.getErrorCode() == 19 || String.valueOf(e.getMessage()).contains("SQLITE_CONSTRAINT");
    }

    static String describe(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Closes every connection; the last one checkpoints the WAL into the database file. */
    @Override
    public void close() {
        closed = true;
        writeLock.lock();
        try {
            for (Connection c : all) {
                StatementCache.forget(c);
                closeQuietly(c);
            }
            all.clear();
            commits.close();
        } finally {
            writeLock.unlock();
        }
    }
}
