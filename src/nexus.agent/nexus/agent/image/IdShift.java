package nexus.agent.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Shifts every file owner of a root file system by an offset, so that root (0) inside an unprivileged
 * container, which runs as host uid {@code offset}, owns what it should. Symbolic links are changed themselves,
 * never followed; set-id bits, which chown clears, are put back.
 */
final class IdShift {
    private static final int SET_ID_BITS = 06000;

    private IdShift() {}

    static void shift(Path root, int offset) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    shiftOne(dir, offset);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    shiftOne(file, offset);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shiftOne(Path p, int offset) throws IOException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (uid >= offset && gid >= offset) {
            return; // already shifted (a repeated run)
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:uid", uid < offset ? uid + offset : uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid < offset ? gid + offset : gid, LinkOption.NOFOLLOW_LINKS);
        if (!Files.isSymbolicLink(p) && (mode & SET_ID_BITS) != 0) {
            Files.setAttribute(p, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
