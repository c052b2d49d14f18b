/** The node agent: drivers, base image, provisioning, services, port forwarding, re-adoption. */
module nexus.agent {
    requires nexus.core;
    requires java.net.http;

    provides nexus.core.spi.LocalAgent with nexus.agent.LocalAgentProvider;
}
