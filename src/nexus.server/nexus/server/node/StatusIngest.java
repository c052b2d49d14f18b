package nexus.server.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nexus.core.api.DesiredState;
import nexus.core.api.Phase;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.StatusReport;
import nexus.server.events.ChangeNotifier;
import nexus.server.http.ApiException;
import nexus.server.store.Database;
import nexus.server.store.NodeStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.Tx;
import nexus.server.store.WorkspaceStore;
import nexus.server.workspace.CloneTokens;

/**
 * {@code POST /nodes/{id}/status}: merges an agent's observations into the workspaces it runs.
 *
 * <ul>
 * <li>Each observation replaces what was stored, except that a missing {@code ip}, {@code repo_state}, an empty
 *     timeline or empty host keys keep the stored ones (not known at this moment is not "gone").</li>
 * <li>The reported {@code state} is applied only when the observation's {@code generation} is at least that of
 *     the last lifecycle action: an agent still converging to an older spec must not overwrite the transitional
 *     state a newer request set (stopping, starting, deleting). Spec changes that are not actions (new SSH keys)
 *     do not hold states back. The other observations are facts and always stored.</li>
 * <li>{@code deleted} removes the workspace (and frees its ports) when its desired state is deleted; when it is not,
 *     the instance was lost on the node and the workspace goes to {@code error} ({@code instance_missing}).</li>
 * <li>A {@code complete} report that lacks a workspace whose desired state is deleted confirms it gone.</li>
 * <li>Observations of workspaces that are not assigned to this node are ignored.</li>
 * </ul>
 * The server owns the {@code scheduled} timeline entry; the agent reports the phases after it.
 */
public final class StatusIngest {
    private final Database db;
    private final NodeRegistry registry;
    private final ChangeNotifier notifier;
    private final CloneTokens cloneTokens;
    private final Clock clock;

    public StatusIngest(Database db, NodeRegistry registry, ChangeNotifier notifier, CloneTokens cloneTokens, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.notifier = notifier;
        this.cloneTokens = cloneTokens;
        this.clock = clock;
    }

    public void apply(String nodeId, StatusReport report) {
        for (int i = 0; i < report.workspaces().size(); i++) {
            WorkspaceState s = report.workspaces().get(i).state();
            if (s == WorkspaceState.UNKNOWN) {
                throw ApiException.invalid("workspaces[" + i + "].state", "state unknown is set by the server for offline "
                        + "nodes; report what the node observes");
            }
        }
        Instant now = clock.instant();
        db.write(tx -> {
            Connection c = tx.connection();
            registry.seen(tx, nodeId);
            Set<String> reported = new HashSet<>();
            boolean assignmentsChanged = false;
            for (ObservedWorkspace o : report.workspaces()) {
                reported.add(o.workspaceId());
                Optional<StoredWorkspace> stored = WorkspaceStore.byId(c, o.workspaceId()).filter(w -> w.nodeId().equals(nodeId));
                if (stored.isPresent()) {
                    assignmentsChanged |= applyOne(tx, stored.get(), o, now);
                }
            }
            if (report.complete()) {
                for (StoredWorkspace w : WorkspaceStore.onNode(c, nodeId)) {
                    if (w.desired() == DesiredState.DELETED && !reported.contains(w.id())) {
                        forget(tx, w);
                        assignmentsChanged = true;
                    }
                }
            }
            if (assignmentsChanged) {
                NodeStore.bumpAssignments(c, nodeId);
                tx.afterCommit(() -> notifier.publish(ChangeNotifier.nodeTopic(nodeId)));
            }
            return null;
        });
    }

    /** Returns true when the workspace was removed (the node's assignments changed). */
    private boolean applyOne(Tx tx, StoredWorkspace w, ObservedWorkspace o, Instant now) throws SQLException {
        boolean current = o.generation() >= w.actionGeneration();
        if (o.state() == WorkspaceState.DELETED && w.desired() == DesiredState.DELETED) {
            forget(tx, w);
            return true;
        }
        WorkspaceState status = current ? o.state() : w.status();
        WorkspaceError error = current ? o.error() : w.error();
        if (status == WorkspaceState.DELETED) {
            status = WorkspaceState.ERROR;
            error = new WorkspaceError("instance_missing", "the node reports that nothing of this workspace exists any more; "
                    + "start it to have the node create it again, or delete it", o.phase(), JsonObject.empty());
        }
        WorkspaceStore.Observation next = new WorkspaceStore.Observation(
                status,
                o.phase(),
                o.ip() != null ? o.ip() : w.ip(),
                o.services(),
                o.timeline().isEmpty() ? w.timeline() : timeline(w.timeline(), o.timeline()),
                o.hostKeys().isEmpty() ? w.hostKeys() : o.hostKeys(),
                o.hostKeyFingerprints().isEmpty() ? w.hostKeyFingerprints() : o.hostKeyFingerprints(),
                error,
                o.repoState() != null ? o.repoState() : w.repoState(),
                w.readyAt() == null && status == WorkspaceState.RUNNING ? now : w.readyAt());
        if (pastClone(next)) {
            cloneTokens.forget(w.id());
        }
        if (!same(w, next)) {
            WorkspaceStore.updateObserved(tx.connection(), w.id(), next, now);
            tx.afterCommit(() -> notifier.publish(ChangeNotifier.workspaceTopic(w.id())));
        }
        return false;
    }

    private void forget(Tx tx, StoredWorkspace w) throws SQLException {
        WorkspaceStore.delete(tx.connection(), w.id());
        tx.afterCommit(() -> {
            cloneTokens.forget(w.id());
            notifier.publish(ChangeNotifier.workspaceTopic(w.id()));
        });
    }

    /** The server's own {@code scheduled} entry first, then the agent's phases. */
    private static List<TimelineEntry> timeline(List<TimelineEntry> stored, List<TimelineEntry> reported) {
        List<TimelineEntry> out = new ArrayList<>();
        stored.stream().filter(e -> e.phase() == Phase.SCHEDULED).forEach(out::add);
        reported.stream().filter(e -> e.phase() != Phase.SCHEDULED).forEach(out::add);
        return out;
    }

    /** Once the clone is done the credential for it is no longer needed. */
    private static boolean pastClone(WorkspaceStore.Observation o) {
        if (o.phase() != null && o.phase().ordinal() > Phase.CLONE.ordinal()) {
            return true;
        }
        return o.readyAt() != null || o.status() == WorkspaceState.RUNNING;
    }

    private static boolean same(StoredWorkspace w, WorkspaceStore.Observation o) {
        return w.status() == o.status() && w.phase() == o.phase() && java.util.Objects.equals(w.ip(), o.ip())
                && w.services().equals(o.services()) && w.timeline().equals(o.timeline())
                && w.hostKeys().equals(o.hostKeys()) && w.hostKeyFingerprints().equals(o.hostKeyFingerprints())
                && java.util.Objects.equals(w.error(), o.error()) && java.util.Objects.equals(w.repoState(), o.repoState())
                && java.util.Objects.equals(w.readyAt(), o.readyAt());
    }
}
