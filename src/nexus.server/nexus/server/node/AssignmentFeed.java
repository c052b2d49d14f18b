package nexus.server.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nexus.core.api.SshKey;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.WorkspaceSpec;
import nexus.server.events.ChangeNotifier;
import nexus.server.store.Database;
import nexus.server.store.KeyStore;
import nexus.server.store.NodeStore;
import nexus.server.store.PortStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.WorkspaceStore;
import nexus.server.workspace.CloneTokens;

/**
 * {@code GET /nodes/{id}/assignments}: every workspace spec of a node with the node's assignments version,
 * answered at once when the version exceeds {@code since}, else when it does or the wait ends (then unchanged,
 * still the full list, so an agent converges on every answer).
 */
public final class AssignmentFeed {
    private final Database db;
    private final ChangeNotifier notifier;
    private final CloneTokens cloneTokens;
    private final Clock clock;

    public AssignmentFeed(Database db, ChangeNotifier notifier, CloneTokens cloneTokens, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.cloneTokens = cloneTokens;
        this.clock = clock;
    }

    public Assignments await(String nodeId, long since, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            ChangeNotifier.Watch watch = notifier.watch(ChangeNotifier.nodeTopic(nodeId));
            Assignments current = db.read(c -> current(c, nodeId));
            if (current.version() < 0) {
                throw NodeRegistry.removed(nodeId); // removed while this poll waited: not an empty list to converge to
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (current.version() > since || left.isNegative() || left.isZero() || notifier.isClosed()) {
                return current;
            }
            watch.await(left);
        }
    }

    private Assignments current(Connection c, String nodeId) throws SQLException {
        long version = NodeStore.assignmentsVersion(c, nodeId);
        List<WorkspaceSpec> specs = new ArrayList<>();
        for (StoredWorkspace w : WorkspaceStore.onNode(c, nodeId)) {
            specs.add(spec(c, w));
        }
        return new Assignments(version, specs);
    }

    private WorkspaceSpec spec(Connection c, StoredWorkspace w) throws SQLException {
        PortStore.WorkspacePorts ports = PortStore.of(c, w.id());
        List<String> keys = KeyStore.list(c, w.ownerId()).stream().map(AssignmentFeed::authorizedKey).toList();
        return new WorkspaceSpec(w.id(), w.name(), w.ownerId(), w.owner(), w.desired(), w.generation(),
                w.restartGeneration(), w.repo(), w.provider(), w.image(), WorkspaceStore.config(c, w.id()), ports.ssh(), ports.services(), keys,
                cloneTokens.get(w.id()), w.force());
    }

    private static String authorizedKey(SshKey k) {
        return k.comment() == null ? k.publicKey() : k.publicKey() + " " + k.comment();
    }
}
