package nexus.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import nexus.server.store.Database;

/**
 * The server's data directory (mode 0700): the database, {@code admin.token} and {@code local-node.token}
 * (mode 0600, written atomically so a crash never leaves half a token), and {@code agent/} for the local node.
 */
public final class DataDir {
    public static final String ADMIN_TOKEN = "admin.token";
    public static final String LOCAL_NODE_TOKEN = "local-node.token";

    private final Path root;

    public DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve(Database.FILE_NAME);
    }

    public Path agentState() {
        return root.resolve("agent");
    }

    /** Users' uploaded checkouts on their way to workspaces (nexus.server.upload.Uploads). */
    public Path uploads() {
        return root.resolve("uploads");
    }

    /** Creates the directory with mode 0700 if it does not exist. */
    public void prepare() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isWritable(root)) {
                throw new IOException(root + " is not writable by this user");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes a secret file with mode 0600 (via a temporary file and a rename). */
    public Path writeSecret(String name, String content) {
        Path target = root.resolve(name);
        try {
            Path tmp = Files.createTempFile(root, "." + name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The first line of a secret file, if the file exists. */
    public Optional<String> readSecret(String name) {
        Path p = root.resolve(name);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
