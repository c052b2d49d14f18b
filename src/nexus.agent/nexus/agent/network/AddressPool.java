package nexus.agent.network;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out workspace addresses on one subnet: the lowest free one. What is taken comes from the workspace
 * records at start-up (they persist each workspace's address), so the pool itself keeps no file.
 */
public final class AddressPool {
    private final String bridge;
    private final Subnet subnet;
    private final Set<Integer> taken = new HashSet<>();

    public AddressPool(String bridge, Subnet subnet) {
        this.bridge = bridge;
        this.subnet = subnet;
    }

    public synchronized void markTaken(int address) {
        taken.add(address);
    }

    public synchronized Attachment allocate() {
        for (int a = subnet.firstHost(); a <= subnet.lastHost(); a++) {
            if (taken.add(a)) {
                return new Attachment(bridge, subnet, a);
            }
        }
        throw new IllegalStateException("no free address left in " + subnet + " (" + taken.size()
                + " workspaces); give the agent a larger --subnet");
    }

    public synchronized void release(int address) {
        taken.remove(address);
    }

    public Attachment attachment(int address) {
        return new Attachment(bridge, subnet, address);
    }
}
