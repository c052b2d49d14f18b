package nexus.cli.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * A workspace as an SSH host: the alias {@code nexus-<workspace>}, where it listens, the user, the identity file
 * to log in with and the workspace's own host keys (authorized_keys form) to pin.
 */
public record SshHost(String workspace, String hostName, int port, String user, Path identityFile, List<String> hostKeys) {

    public static final String ALIAS_PREFIX = "nexus-";

    public SshHost {
        hostKeys = List.copyOf(hostKeys);
    }

    public String alias() {
        return alias(workspace);
    }

    public static String alias(String workspace) {
        return ALIAS_PREFIX + workspace;
    }

    /** The host as known_hosts names it: "host" on port 22, "[host]:port" otherwise. */
    public String knownHostsName() {
        return port == 22 ? hostName : "[" + hostName + "]:" + port;
    }
}
