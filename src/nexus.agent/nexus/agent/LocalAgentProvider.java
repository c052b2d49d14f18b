package nexus.agent;

import nexus.core.spi.LocalAgent;
import nexus.core.protocol.PortRange;

/**
 * The agent inside {@code nexus-server serve}: the server's own host as a node, with the agent's defaults for
 * everything the settings do not name (bridge, subnet, ports).
 */
public final class LocalAgentProvider implements LocalAgent {

    public LocalAgentProvider() {}

    @Override
    public AutoCloseable start(Settings s) throws Exception {
        return Agent.start(new AgentOptions(s.server(), s.nodeToken(), s.driver() == null ? "auto" : s.driver(),
                s.advertiseHost(), s.stateDir(), s.nodeName(), PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES,
                AgentOptions.DEFAULT_BRIDGE, AgentOptions.DEFAULT_SUBNET, null, null));
    }
}
