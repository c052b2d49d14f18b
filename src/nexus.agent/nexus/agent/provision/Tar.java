package nexus.agent.provision;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal ustar archive writer for the small files the agent installs into a workspace in one exec
 * ({@code tar -x --numeric-owner} inside, as root). Names are relative to / (the leading slash is dropped), at most
 * 100 bytes; owners are numeric (root 0, dev 1000).
 */
final class Tar {
    private Tar() {}

    static byte[] of(List<WorkspaceFile> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (WorkspaceFile f : files) {
            byte[] header = new byte[512];
            byte[] content = f.isDirectory() ? new byte[0] : f.content();
            byte[] name = (f.path().substring(1) + (f.isDirectory() ? "/" : "")).getBytes(StandardCharsets.UTF_8);
            if (name.length > 100) {
                throw new IllegalArgumentException("path too long for the archive: " + f.path());
            }
            System.arraycopy(name, 0, header, 0, name.length);
            octal(header, 100, 8, f.mode());
            octal(header, 108, 8, f.ownerId());
            octal(header, 116, 8, f.ownerId());
            octal(header, 124, 12, content.length);
            octal(header, 136, 12, System.currentTimeMillis() / 1000);
            header[156] = (byte) (f.isDirectory() ? '5' : '0');
            System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            octal(header, 148, 7, sum);
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** Writes {@code value} as zero-padded octal digits followed by NUL into {@code len} bytes. */
    private static void octal(byte[] header, int at, int len, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, len - 1 - digits.length())) + digits;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, Math.min(b.length, len - 1));
        header[at + len - 1] = 0;
    }
}
