package nexus.agent;

import java.nio.file.Path;
import nexus.agent.network.Subnet;
import nexus.core.repo.HostPathPolicy;
import nexus.core.spi.LocalAgent;
import nexus.core.protocol.PortRange;

/**
 * The agent inside {@code nexus-server serve}: the server's own host as a node, with the agent's defaults for
 * everything the settings do not name (ports, bridge, subnet, image cache), except that the environment
 * variables NEXUS_AGENT_BRIDGE, NEXUS_AGENT_SUBNET and NEXUS_AGENT_IMAGE_CACHE override the last three, so test
 * installations can run beside a real one and share one built base image.
 */
public final class LocalAgentProvider implements LocalAgent {

    public LocalAgentProvider() {}

    @Override
    public AutoCloseable start(Settings s) throws Exception {
        String bridge = System.getenv().getOrDefault("NEXUS_AGENT_BRIDGE", AgentOptions.DEFAULT_BRIDGE);
        String subnet = System.getenv("NEXUS_AGENT_SUBNET");
        String images = System.getenv("NEXUS_AGENT_IMAGE_CACHE");
        try {
            return Agent.start(new AgentOptions(s.server(), s.nodeToken(), s.driver() == null ? "auto" : s.driver(),
                    s.advertiseHost(), s.stateDir(), s.nodeName(), PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES,
                    bridge, subnet == null ? AgentOptions.DEFAULT_SUBNET : Subnet.parse(subnet),
                    images == null ? null : Path.of(images), null, false,
                    HostPathPolicy.allowing(s.allowedRepos()).protecting(s.privateDirs())));
        } catch (Drivers.Unavailable e) {
            throw new HostUnsuitable(e.getMessage());
        }
    }
}
