package nexus.agent.network;

import java.nio.file.Path;
import java.util.List;

/** The node side of workspace networking: bridge, firewall chains, port forwards and the address pool. */
public final class NodeNetwork {
    private final Bridge bridge;
    private final Firewall firewall;
    private final PortForwards forwards;
    private final AddressPool addresses;
    private final boolean publishServices;
    private volatile boolean ensured;

    /** {@code publishServices}: service ports answer on every node address, not only on 127.0.0.1. */
    public NodeNetwork(String bridgeName, Subnet subnet, Path stateDir, boolean publishServices) {
        this.publishServices = publishServices;
        this.bridge = new Bridge(bridgeName, subnet, stateDir);
        this.firewall = new Firewall(bridgeName, subnet);
        this.forwards = new PortForwards(firewall);
        this.addresses = new AddressPool(bridgeName, subnet);
    }

    /**
     * Creates or checks the bridge and the firewall chains; safe to repeat. After the first success it only
     * looks again when the bridge is gone (someone removed it): checking every rule on every workspace start
     * would cost more than the start itself.
     */
    public synchronized void ensure() {
        if (ensured && bridge.exists()) {
            return;
        }
        bridge.ensure();
        firewall.ensure();
        ensured = true;
    }

    public Bridge bridge() {
        return bridge;
    }

    public PortForwards forwards() {
        return forwards;
    }

    public boolean publishServices() {
        return publishServices;
    }

    public AddressPool addresses() {
        return addresses;
    }

    /**
     * Removes everything this network put on the host: forwards, chains, bridge. Refuses while workspaces are
     * still attached to the bridge.
     */
    public void teardown() {
        List<String> ports = bridge.ports();
        if (!ports.isEmpty()) {
            throw new IllegalStateException("bridge " + bridge.name() + " still has workspaces attached (" + String.join(", ", ports)
                    + "); delete them first");
        }
        forwards.retainOnly(java.util.Set.of());
        firewall.teardown();
        bridge.destroy();
        ensured = false;
    }
}
