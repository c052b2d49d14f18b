package nexus.server.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import nexus.core.protocol.PortRange;
import nexus.server.store.NodeStore.Node;
import nexus.server.store.PortStore;

/**
 * Allocates a workspace's node ports — one SSH port from the node's SSH range and {@code services} ports from its
 * service range, lowest free first — inside the caller's write transaction, so the check and the insert cannot be
 * separated by another creation; the (node, port) primary key guards it as well. Ports stay with the workspace
 * while it is stopped and are freed when its row is deleted.
 */
public final class PortAllocator {

    /**
     * Service ports given to a workspace created without a config (its services are only known on the node), or
     * fewer when the owner's services-per-workspace quota is lower (nexus.server.quota.Quotas).
     */
    public static final int DEFAULT_SERVICE_PORTS = 8;

    /** The node has too few free ports in {@code range} of kind {@code kind} ("SSH" or "service"). */
    public static final class PortsExhausted extends Exception {
        private static final long serialVersionUID = 1L;
        private final String nodeName;
        private final String kind;
        private final transient PortRange range;
        private final int needed;
        private final int free;

        PortsExhausted(String nodeName, String kind, PortRange range, int needed, int free) {
            super(null, null, false, false);
            this.nodeName = nodeName;
            this.kind = kind;
            this.range = range;
            this.needed = needed;
            this.free = free;
        }

        public String nodeName() {
            return nodeName;
        }

        public String kind() {
            return kind;
        }

        public PortRange range() {
            return range;
        }

        public int needed() {
            return needed;
        }

        public int free() {
            return free;
        }
    }

    private PortAllocator() {}

    /** The lowest free ports of the node for a workspace with {@code services} service ports. */
    public static PortStore.WorkspacePorts choose(Connection c, Node node, int services) throws SQLException, PortsExhausted {
        List<Integer> ssh = pick(c, node, "SSH", node.sshPorts(), 1);
        return new PortStore.WorkspacePorts(ssh.getFirst(), pick(c, node, "service", node.servicePorts(), services));
    }

    /** Records the chosen ports as the workspace's (its row must exist: the ports reference it). */
    public static void hold(Connection c, Node node, String workspaceId, PortStore.WorkspacePorts ports) throws SQLException {
        PortStore.insert(c, node.id(), ports.ssh(), workspaceId, PortStore.Kind.SSH, 0);
        for (int i = 0; i < ports.services().size(); i++) {
            PortStore.insert(c, node.id(), ports.services().get(i), workspaceId, PortStore.Kind.SERVICE, i);
        }
    }

    private static List<Integer> pick(Connection c, Node node, String kind, PortRange range, int count)
            throws SQLException, PortsExhausted {
        if (count == 0) {
            return List.of();
        }
        TreeSet<Integer> used = PortStore.used(c, node.id(), range);
        List<Integer> picked = new ArrayList<>(count);
        for (int port = range.first(); port <= range.last() && picked.size() < count; port++) {
            if (!used.contains(port)) {
                picked.add(port);
            }
        }
        if (picked.size() < count) {
            throw new PortsExhausted(node.name(), kind, range, count, range.size() - used.size());
        }
        return picked;
    }
}
