package nexus.agent.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Extracts the regular files of a tar archive that came out of a workspace, so it is treated as hostile: only
 * regular files and directories are created (never links or devices), names must stay below the target
 * directory, and an existing path is never written through.
 */
final class TarReader {
    private TarReader() {}

    static void extract(byte[] archive, Path target) throws IOException {
        int at = 0;
        while (at + 512 <= archive.length) {
            if (isZero(archive, at)) {
                return;
            }
            String name = text(archive, at, 100);
            String prefix = text(archive, at + 345, 155);
            if (!prefix.isEmpty() && text(archive, at + 257, 5).equals("ustar")) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(text(archive, at + 124, 12).strip().isEmpty() ? "0" : text(archive, at + 124, 12).strip(), 8);
            byte type = archive[at + 156];
            int data = at + 512;
            if (size < 0 || data + size > archive.length) {
                throw new IOException("truncated archive");
            }
            Path dest = safe(target, name);
            if (dest != null && (type == '0' || type == 0)) {
                Files.createDirectories(dest.getParent());
                Files.write(dest, java.util.Arrays.copyOfRange(archive, data, data + (int) size),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } else if (dest != null && type == '5') {
                Files.createDirectories(dest);
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
    }

    /** The path for an archive name below {@code target}, or null for a name that would leave it. */
    private static Path safe(Path target, String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        if (n.isEmpty() || n.equals(".") || n.startsWith("/")) {
            return null;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return null;
            }
        }
        Path p = target.resolve(n).normalize();
        return p.startsWith(target) && !p.equals(target) ? p : null;
    }

    private static boolean isZero(byte[] b, int at) {
        for (int i = at; i < at + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int at, int len) {
        int end = at;
        while (end < at + len && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }
}
