package nexus.server.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Counts the commits that Nexus processes make to one database, in an 8-byte file beside it
 * ({@code nexus.db-commits}, mode 0600) that every process maps into its memory: {@link Database} adds one after
 * each commit, before the write returns, and anyone may read the count. A cache keeps a row for as long as the
 * count is what it was just before the row was read, so it sees every change any Nexus process made — the server's
 * own, and those of {@code nexus-server admin-token} running beside it — from the next read on.
 *
 * <p>Reading the count is one memory read. SQLite's {@code PRAGMA data_version}, which also sees writes made
 * outside Nexus (sqlite3 by hand), costs a call into SQLite instead: measured on bench/api, checking it on every
 * request cost ~6 µs of a ~63 µs request, which took the benchmark below its goal. Like the database's own -wal and
 * -shm files, this file must not be deleted while a Nexus process has the database open.
 */
final class CommitCounter implements AutoCloseable {
    static final String SUFFIX = "-commits";
    private static final VarHandle COUNT = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment count;

    private CommitCounter(Arena arena, MemorySegment count) {
        this.arena = arena;
        this.count = count;
    }

    /** Maps the counter of {@code database}, creating its file (mode 0600, count 0) if there is none. */
    static CommitCounter open(Path database) {
        Path file = database.resolveSibling(database.getFileName() + SUFFIX);
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // another process made it, or an earlier run: its count goes on
            }
            Arena arena = Arena.ofShared();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return new CommitCounter(arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, arena));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The count now. */
    long value() {
        return (long) COUNT.getVolatile(count, 0L);
    }

    /** One more commit (atomically, also against other processes adding theirs). */
    void increment() {
        COUNT.getAndAdd(count, 0L, 1L);
    }

    /** Unmaps the file (once); reading or counting afterwards fails. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
