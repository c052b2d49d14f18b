package nexus.agent.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import nexus.agent.Log;

/**
 * The ids workspaces run as: ids 0-65535 inside a workspace are host ids 100000-165535 (LXC containers and
 * sandboxes alike), so root inside is nobody special on the host. Mapping them goes through newuidmap, which
 * only allows ranges root's entries in /etc/subuid and /etc/subgid list: {@link #ensure} adds them once (the
 * node's install step) and never changes them afterwards.
 */
public final class SubordinateIds {
    public static final int SHIFT = 100_000;
    public static final int COUNT = 65_536;
    private static final Log LOG = Log.of("driver");

    private SubordinateIds() {}

    public static void ensure() {
        ensure(SHIFT, COUNT);
    }

    static void ensure(int first, int count) {
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            ensure(Path.of(file), first, count);
        }
    }

    private static void ensure(Path file, int first, int count) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            for (String line : lines) {
                String[] f = line.strip().split(":");
                if (f.length != 3) {
                    continue;
                }
                long start = Long.parseLong(f[1]);
                long size = Long.parseLong(f[2]);
                if (f[0].equals("root") && start <= first && start + size >= (long) first + count) {
                    return;
                }
                if (!f[0].equals("root") && start < (long) first + count && first < start + size) {
                    throw new IllegalStateException(file + " gives " + f[0] + " ids " + start + "-" + (start + size - 1)
                            + ", which overlap the ids Nexus containers use (" + first + "-" + (first + count - 1) + ")");
                }
            }
            String entry = "root:" + first + ":" + count + "\n";
            LOG.info("adding " + entry.strip() + " to " + file + " (ids for unprivileged containers)");
            String existing = Files.exists(file) ? Files.readString(file) : "";
            Files.writeString(file, (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + entry,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not update " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " has a malformed line: " + e.getMessage());
        }
    }
}
