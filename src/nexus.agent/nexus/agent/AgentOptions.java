package nexus.agent;

import java.net.URI;
import java.nio.file.Path;
import nexus.agent.network.Subnet;
import nexus.core.repo.HostPathPolicy;
import nexus.core.protocol.PortRange;

/**
 * Everything {@code nexus-agent serve} is told. {@code publishServices} opens service ports on every node
 * address (default: 127.0.0.1 only; SSH ports are always open). {@code hostPaths} says which node directories a
 * workspace may be made from by path ({@code --allow-local-repos}; none by default). The bridge, subnet, state and image-cache settings exist so that
 * several agents (test runs, say) can share a host without touching each other's workspaces.
 */
public record AgentOptions(
        URI server,
        String token,
        String driver,
        String advertiseHost,
        Path stateDir,
        String name,
        PortRange sshPorts,
        PortRange servicePorts,
        String bridge,
        Subnet subnet,
        Path imageCache,
        String mirror,
        boolean publishServices,
        HostPathPolicy hostPaths) {

    public static final Path DEFAULT_STATE = Path.of("/var/lib/nexus-agent");
    public static final String DEFAULT_BRIDGE = "nexusbr0";
    public static final Subnet DEFAULT_SUBNET = Subnet.parse("10.77.0.0/16");

    /** The image cache: {@code imageCache} if given, else {@code <state>/images}. */
    public Path images() {
        return imageCache != null ? imageCache : stateDir.resolve("images");
    }
}
