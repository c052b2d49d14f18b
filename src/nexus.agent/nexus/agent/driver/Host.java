package nexus.agent.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What drivers ask about the host they run on. */
public final class Host {
    private Host() {}

    public static boolean onPath(String program) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Fails with a message naming the package to install when a program is missing. */
    public static void require(String driver, List<String> programs, String packages) {
        for (String program : programs) {
            if (!onPath(program)) {
                throw new IllegalStateException("the " + driver + " driver needs " + program + " (apt-get install " + packages + ")");
            }
        }
    }
}
