package nexus.agent.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nexus.agent.Log;
import nexus.core.util.ProcessRunner;

/**
 * Lets workspace root (host uid {@link SubordinateIds#SHIFT}) search every directory above a path the driver
 * needs it to reach (LXC resolves an unprivileged container's root file system, bubblewrap a sandbox's bind
 * sources, as that uid). Directories that
 * do not allow it get an ACL entry granting exactly that uid search (x) access, as LXC itself recommends; their
 * modes, listings and files stay as they were. Without setfacl the message says what to run.
 */
public final class SearchAccess {
    private static final Log LOG = Log.of("driver");

    private SearchAccess() {}

    public static void ensure(Path dir) {
        int uid = SubordinateIds.SHIFT;
        List<Path> chain = new ArrayList<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            chain.addFirst(p);
        }
        for (Path p : chain) {
            if (canSearch(uid, p)) {
                continue;
            }
            if (!Host.onPath("setfacl")) {
                throw new IllegalStateException(p + " does not let workspace root (uid " + uid + ") reach the workspaces under it; "
                        + "run: setfacl -m u:" + uid + ":x " + p + " (apt-get install acl), or chmod o+x " + p);
            }
            LOG.info("granting uid " + uid + " search (x) access to " + p + " so unprivileged containers reach their files");
            ProcessRunner.of("setfacl", "-m", "u:" + uid + ":x", "--", p.toString()).check();
        }
    }

    private static boolean canSearch(int uid, Path dir) {
        return ProcessRunner.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--", "test", "-x", dir.toString())
                .run().ok();
    }
}
