package nexus.server.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import nexus.server.store.NodeStore;
import nexus.server.store.NodeStore.Node;

/**
 * Chooses nodes for a new workspace: online nodes whose drivers include the requested provider (any online node
 * when none is requested) and that have room, best first. Free capacity is {@code max_workspaces} minus the
 * workspaces the node holds (stopped ones included: they keep their ports and disk); ties go to the node with more
 * available memory (from its last heartbeat, else its registered memory), then to the older id so the choice is
 * stable.
 */
public final class Scheduler {

    /** The ordered candidates and the counts an error message needs when there are none. */
    public record Candidates(List<Node> nodes, int online, int withDriver) {}

    private Scheduler() {}

    public static Candidates candidates(Connection c, String provider) throws SQLException {
        List<Node> online = NodeStore.online(c);
        List<Node> withDriver = online.stream().filter(n -> provider == null || n.drivers().contains(provider)).toList();
        List<Node> ordered = withDriver.stream()
                .filter(n -> free(n) > 0)
                .sorted(Comparator.comparingInt(Scheduler::free).reversed()
                        .thenComparing(Comparator.comparingLong(Scheduler::memory).reversed())
                        .thenComparing(Node::id))
                .toList();
        return new Candidates(ordered, online.size(), withDriver.size());
    }

    static int free(Node n) {
        return n.capacity().maxWorkspaces() - n.workspaces();
    }

    private static long memory(Node n) {
        return n.memoryAvailableMb() != null ? n.memoryAvailableMb() : n.capacity().memoryMb();
    }
}
