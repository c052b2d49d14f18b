package nexus.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * Test clean-up of last resort: background processes a test started through the CLI (a local server, forwarders)
 * are found by the test's unique temp directory on their command line or in their environment, and stopped. It
 * returns what it had to stop, so a test can assert that the CLI's own clean-up left nothing.
 */
public final class Leftovers {
    private Leftovers() {}

    public static List<ProcessHandle> stopProcessesUnder(Path dir) {
        String marker = dir.toAbsolutePath().toString();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> mentions(p, marker))
                .toList();
        found.forEach(ProcessHandle::destroy);
        found.forEach(p -> p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join());
        found.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return found;
    }

    private static boolean mentions(ProcessHandle p, String marker) {
        try {
            String cmdline = java.nio.file.Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            String environ = java.nio.file.Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"));
            return cmdline.contains(marker) || environ.contains(marker);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // gone, or not ours to read
        }
    }
}
