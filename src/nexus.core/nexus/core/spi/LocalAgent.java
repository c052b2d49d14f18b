package nexus.core.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Lets {@code nexus-server serve} run a node agent inside its own JVM (the local node, so one host is a complete
 * installation) without the server module depending on the agent module: nexus.agent provides it, nexus.server
 * finds it with {@link java.util.ServiceLoader}. The agent talks to the server over HTTP like any remote agent.
 */
public interface LocalAgent {

    /**
     * Starts the agent; closing the result stops it (its workspaces keep running).
     *
     * @throws HostUnsuitable when no driver asked for can work on this host
     */
    AutoCloseable start(Settings settings) throws Exception;

    /** This host cannot run the driver asked for; the message says why and what to install or fix. */
    final class HostUnsuitable extends Exception {
        private static final long serialVersionUID = 1L;

        public HostUnsuitable(String message) {
            super(message);
        }
    }

    /**
     * @param server        the server's base URL, e.g. http://127.0.0.1:3001
     * @param nodeToken     a node token minted for this local node
     * @param driver        auto, lxc or sandbox
     * @param stateDir      where the agent keeps its state (images, containers, forwards)
     * @param advertiseHost the address clients use to reach this node's ports
     * @param nodeName      the node's name as shown by {@code GET /nodes}
     * @param allowedRepos  directories whose repositories users may name by path (the server's --allow-local-repos)
     * @param privateDirs   directories no repository path may lead into (the server's data directory)
     */
    record Settings(URI server, String nodeToken, String driver, Path stateDir, String advertiseHost, String nodeName,
                    List<Path> allowedRepos, List<Path> privateDirs) {
        public Settings {
            allowedRepos = List.copyOf(allowedRepos);
            privateDirs = List.copyOf(privateDirs);
        }
    }
}
