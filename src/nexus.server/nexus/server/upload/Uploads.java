package nexus.server.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import nexus.core.api.Upload;
import nexus.core.api.UploadRequest;
import nexus.core.id.Ids;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.core.util.Sizes;
import nexus.server.auth.Principal;
import nexus.server.http.ApiException;
import nexus.server.store.Database;
import nexus.server.store.UploadStore;

/**
 * Users' checkouts on their way to a workspace (docs/api.md, Uploads): the CLI announces a git bundle (size and
 * SHA-256), sends it in parts of at most {@link #PART_BYTES} — each well inside the server's 30 s request limit,
 * and resumable after a broken connection from the offset the server reports — and names the finished upload in
 * {@code POST /workspaces}. The node that builds the workspace reads it back in parts. The server never looks
 * inside beyond checking that it is a git bundle: the workspace clones it, as its unprivileged user.
 *
 * <p>Files are {@code <data>/uploads/<id>.bundle} (mode 0600). Each part is forced to disk before the database
 * counts it, so after a crash the count never exceeds what the file holds. An upload no workspace was made from
 * expires after {@link #UNUSED_LIFETIME}; one that was lives as long as its workspace. At most
 * {@link #MAX_PENDING} unused uploads per user, so nobody fills the server's disk.
 */
public final class Uploads {
    public static final int PART_BYTES = 8 << 20;
    public static final Duration UNUSED_LIFETIME = Duration.ofHours(1);
    public static final int MAX_PENDING = 4;
    private static final List<String> BUNDLE_HEADERS = List.of("# v2 git bundle\n", "# v3 git bundle\n");

    private final Database db;
    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> receiving = new ConcurrentHashMap<>();

    /** @param maxBytes the largest upload accepted ({@code --max-upload-size}) */
    public Uploads(Database db, Path dir, long maxBytes, Clock clock) {
        this.db = db;
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Announces an upload; the bytes follow with {@link #receive}. */
    public Upload begin(Principal user, UploadRequest r) {
        if (r.sizeBytes() <= 0) {
            throw ApiException.invalid("size_bytes", "size_bytes must be the bundle's size in bytes (more than 0)");
        }
        if (r.sizeBytes() > maxBytes) {
            throw new ApiException(413, "payload_too_large", "the upload is " + Sizes.format(r.sizeBytes()) + "; this server "
                    + "takes at most " + Sizes.format(maxBytes) + " (nexus-server serve --max-upload-size). Push the repository "
                    + "and create the workspace from its URL instead", JsonObject.builder().put("limit_bytes", maxBytes).build());
        }
        if (r.sha256() == null || !r.sha256().matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("sha256", "sha256 must be the bundle's SHA-256 as 64 lowercase hex digits");
        }
        String id = Ids.newId(Ids.UPLOAD);
        Instant now = clock.instant();
        prepareDir();
        UploadStore.Row row = db.write(tx -> {
            Connection c = tx.connection();
            int pending = UploadStore.pendingOf(c, user.userId());
            if (pending >= MAX_PENDING) {
                throw new ApiException(409, "conflict", "you have " + pending + " uploads that no workspace was made from yet; "
                        + "wait until they expire (" + UNUSED_LIFETIME.toMinutes() + " minutes after they began) or delete them "
                        + "(DELETE /uploads/{upload})", JsonObject.builder().put("pending_uploads", pending)
                        .put("limit", MAX_PENDING).build());
            }
            UploadStore.insert(c, id, user.userId(), r.sizeBytes(), r.sha256(), now);
            return UploadStore.byId(c, id).orElseThrow();
        });
        return view(row);
    }

    /**
     * Receives the part that starts at {@code offset} (which must be what has arrived so far) and returns the
     * upload as it now is; the last part completes it once the bytes match the announced SHA-256.
     */
    public Upload receive(Principal user, String id, long offset, InputStream body) {
        ReentrantLock lock = receiving.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw ApiException.conflict("another part of upload " + id + " is arriving right now; send the next one when it "
                    + "has been answered", JsonObject.empty());
        }
        try {
            UploadStore.Row row = own(user, id);
            if (row.complete()) {
                throw ApiException.conflict("upload " + id + " is complete; name it in POST /workspaces", JsonObject.empty());
            }
            if (offset != row.receivedBytes()) {
                throw ApiException.conflict("upload " + id + " continues at offset " + row.receivedBytes() + ", not " + offset
                        + "; send the part that starts there", JsonObject.builder().put("received_bytes", row.receivedBytes()).build());
            }
            long received = offset + write(file(id), offset, body, row.sizeBytes() - offset);
            boolean complete = received == row.sizeBytes();
            if (complete) {
                verify(row);
            }
            db.write(tx -> {
                UploadStore.received(tx.connection(), id, received, complete);
                return null;
            });
            return view(new UploadStore.Row(row.id(), row.ownerId(), row.sizeBytes(), row.sha256(), received, complete,
                    row.workspaceId(), row.createdAt(), row.usedAt()));
        } finally {
            lock.unlock();
        }
    }

    public Upload get(Principal user, String id) {
        return view(own(user, id));
    }

    /** Deletes an upload no workspace was made from. */
    public void discard(Principal user, String id) {
        UploadStore.Row row = own(user, id);
        if (row.workspaceId() != null) {
            throw ApiException.conflict("workspace " + row.workspaceId() + " was made from upload " + id + "; it goes when "
                    + "the workspace is deleted", JsonObject.builder().put("workspace_id", row.workspaceId()).build());
        }
        delete(row.id());
    }

    /**
     * Gives a finished upload of {@code ownerId} to the workspace being created, in the create transaction.
     *
     * @throws ApiException 400 when there is no such upload of that user, 409 when it is unfinished or already used
     */
    public static void use(Connection c, String ownerId, String id, String workspaceId, Instant now) throws SQLException {
        Optional<UploadStore.Row> row = UploadStore.byId(c, id).filter(u -> u.ownerId().equals(ownerId));
        if (row.isEmpty()) {
            throw ApiException.invalid("repo.upload", "you have no upload " + Names.printable(id) + " (uploads expire "
                    + UNUSED_LIFETIME.toMinutes() + " minutes after they begin unless a workspace is made from them); upload again");
        }
        UploadStore.Row u = row.get();
        if (!u.complete()) {
            throw ApiException.conflict("upload " + id + " is not complete: " + u.receivedBytes() + " of " + u.sizeBytes()
                    + " bytes arrived; send the rest first", JsonObject.builder().put("received_bytes", u.receivedBytes())
                    .put("size_bytes", u.sizeBytes()).build());
        }
        if (!UploadStore.use(c, id, workspaceId, now)) {
            throw ApiException.conflict("upload " + id + " was already used for a workspace; upload again for another one",
                    JsonObject.empty());
        }
    }

    /** A part of an upload for the node that builds the workspace made from it. */
    public record Part(byte[] bytes, long offset, long total) {}

    public Part read(String nodeId, String id, long offset) {
        UploadStore.Row row = db.read(c -> UploadStore.forNode(c, id, nodeId)).orElseThrow(() -> ApiException.notFound(
                "no workspace of this node was made from upload " + Names.printable(id)));
        if (offset >= row.sizeBytes()) {
            throw ApiException.invalid("offset", "offset " + offset + " lies beyond the upload's " + row.sizeBytes() + " bytes");
        }
        int length = (int) Math.min(PART_BYTES, row.sizeBytes() - offset);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(file(id), StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) > 0) {
                // read until the part is full
            }
        } catch (IOException e) {
            throw new UncheckedIOException("upload " + id + " cannot be read", e);
        }
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("upload " + id + " is shorter on disk than its " + row.sizeBytes() + " bytes");
        }
        return new Part(buffer.array(), offset, row.sizeBytes());
    }

    /**
     * Deletes uploads nobody needs (unused past their lifetime, or left by a deleted workspace) and files without a
     * row (a crash between the two); returns how many went.
     */
    public int sweep() {
        Instant now = clock.instant();
        List<UploadStore.Row> expired = db.read(c -> UploadStore.expired(c, now.minus(UNUSED_LIFETIME)));
        expired.forEach(u -> delete(u.id()));
        int removed = expired.size();
        if (Files.isDirectory(dir)) {
            java.util.Set<String> known = new java.util.HashSet<>(db.read(UploadStore::ids));
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    String id = name.endsWith(".bundle") ? name.substring(0, name.length() - ".bundle".length()) : name;
                    if (!known.contains(id) && Files.getLastModifiedTime(f).toInstant().isBefore(now.minus(UNUSED_LIFETIME))) {
                        Files.deleteIfExists(f);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir, e);
            }
        }
        return removed;
    }

    private void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete upload " + id, e);
        }
        db.write(tx -> {
            UploadStore.delete(tx.connection(), id);
            return null;
        });
        receiving.remove(id);
    }

    private UploadStore.Row own(Principal user, String id) {
        return db.read(c -> UploadStore.byId(c, id)).filter(u -> u.ownerId().equals(user.userId()))
                .orElseThrow(() -> ApiException.notFound("you have no upload " + Names.printable(id)));
    }

    private Upload view(UploadStore.Row u) {
        Instant expires = u.workspaceId() != null ? null : u.createdAt().plus(UNUSED_LIFETIME);
        return new Upload(u.id(), u.sizeBytes(), u.receivedBytes(), u.sha256(), u.complete(), PART_BYTES, u.workspaceId(),
                u.createdAt(), expires);
    }

    private Path file(String id) {
        return dir.resolve(id + ".bundle");
    }

    private void prepareDir() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Writes at most {@link #PART_BYTES} and at most {@code left} bytes of {@code body} at {@code offset} (dropping
     * whatever an interrupted earlier part left beyond it) and forces them to disk; returns how many.
     */
    private static long write(Path file, long offset, InputStream body, long left) {
        long limit = Math.min(PART_BYTES, left);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (ch.size() > offset) {
                ch.truncate(offset);
            }
            byte[] buffer = new byte[64 << 10];
            long written = 0;
            int n;
            while ((n = body.read(buffer, 0, (int) Math.min(buffer.length, limit - written + 1))) > 0) {
                if (written + n > limit) {
                    throw ApiException.invalid("", "this part goes beyond " + (limit == left ? "the upload's announced size"
                            : "the part size of " + PART_BYTES + " bytes") + "; send at most " + limit + " bytes from offset " + offset);
                }
                ch.write(ByteBuffer.wrap(buffer, 0, n), offset + written);
                written += n;
            }
            ch.force(false);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return written;
        } catch (IOException e) {
            throw ApiException.invalid("", "the part could not be received (" + e.getMessage() + "); send it again from offset "
                    + offset);
        }
    }

    /** The finished file must hash to what was announced and be a git bundle; else it is emptied for a new try. */
    private void verify(UploadStore.Row row) {
        Path f = file(row.id());
        String problem;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = new byte[16];
            int headLength = 0;
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buffer = new byte[64 << 10];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (headLength < head.length) {
                        int take = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha.update(buffer, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            String header = new String(head, 0, headLength, StandardCharsets.US_ASCII);
            problem = !actual.equals(row.sha256()) ? "its bytes do not match the announced sha256 (" + actual + ")"
                    : BUNDLE_HEADERS.stream().noneMatch(header::equals) ? "it is not a git bundle (git bundle create)" : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upload " + row.id(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        if (problem != null) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reset upload " + row.id(), e);
            }
            db.write(tx -> {
                UploadStore.received(tx.connection(), row.id(), 0, false);
                return null;
            });
            throw ApiException.invalid("", "upload " + row.id() + " was refused: " + problem + "; send it again from offset 0");
        }
    }
}
