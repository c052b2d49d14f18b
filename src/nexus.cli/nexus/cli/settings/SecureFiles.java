package nexus.cli.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * File writes that never leave a half-written or world-readable file: private directories (0700), files
 * written to a temporary sibling with the final mode (0600 for anything private) and renamed into place, and
 * an advisory lock for read-modify-write cycles shared by concurrent nexus processes.
 */
public final class SecureFiles {
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {}

    /** Creates the directory (and parents) and makes sure it is 0700. */
    public static Path privateDir(Path dir) {
        createDir(dir);
        try {
            if (!Files.getPosixFilePermissions(dir).equals(PRIVATE_DIR)) {
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates the directory 0700 when it does not exist; an existing one (the user's ~/.ssh) keeps its mode. */
    public static Path createDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                } catch (FileAlreadyExistsException raced) {
                    // another nexus process made it first
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code file} atomically with {@code text}, mode 0600. */
    public static void writePrivate(Path file, String text) {
        write(file, text, PRIVATE_FILE);
    }

    public static void write(Path file, String text, Set<PosixFilePermission> mode) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(tmp, mode); // createFile is subject to the umask
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code body} holding an exclusive lock on {@code lockFile} (created 0600 if needed). */
    public static <T> T locked(Path lockFile, Callable<T> body) {
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PRIVATE_FILE))) {
                FileLock lock = ch.lock();
                try {
                    return call(body);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static <T> T call(Callable<T> body) {
        try {
            return body.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
