package nexus.server.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nexus.core.api.NodeRemoved;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.server.events.ChangeNotifier;
import nexus.server.http.ApiException;
import nexus.server.log.JsonLog;
import nexus.server.store.Database;
import nexus.server.store.NodeStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.TokenStore;
import nexus.server.store.Tx;
import nexus.server.store.WorkspaceStore;
import nexus.server.workspace.CloneTokens;

/**
 * Removing a node (admin): its token is revoked, so its agent's next request is refused (401) and the agent stops
 * with one line saying so; the node row goes, so the scheduler and {@code GET /nodes} forget it, and its name is
 * free for a new node token.
 *
 * <p>A node that still holds workspaces is refused (409) unless forced: the server cannot delete them without
 * the node confirming it, and their users would lose them. Forced, the server forgets those workspaces too (their
 * owners get 404 from then on); whatever runs on the machine stays there, since no agent can be told any more.
 * Forcing is for a node that is gone for good.
 */
public final class NodeRemoval {
    private final Database db;
    private final ChangeNotifier notifier;
    private final CloneTokens cloneTokens;
    private final JsonLog log;
    private final Clock clock;

    public NodeRemoval(Database db, ChangeNotifier notifier, CloneTokens cloneTokens, JsonLog log, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.cloneTokens = cloneTokens;
        this.log = log;
        this.clock = clock;
    }

    /** Removes the node with id or name {@code ref}, or revokes the node token of that name if it never registered. */
    public NodeRemoved remove(String ref, boolean force) {
        Instant now = clock.instant();
        return db.write(tx -> {
            Connection c = tx.connection();
            Optional<NodeStore.Node> node = NodeStore.byId(c, ref);
            if (node.isEmpty()) {
                node = NodeStore.byName(c, ref);
            }
            if (node.isEmpty()) {
                return unregistered(tx, ref, now);
            }
            NodeStore.Node n = node.get();
            List<StoredWorkspace> held = WorkspaceStore.onNode(c, n.id());
            if (!held.isEmpty() && !force) {
                throw ApiException.conflict("node " + n.name() + " still holds " + held.size() + " workspace(s); their owners "
                        + "delete them first (while the node is online), or remove the node with force=true, which makes the "
                        + "server forget them (for a node that is gone for good)",
                        JsonObject.builder().put("node_id", n.id()).put("workspaces", held.size()).build());
            }
            for (StoredWorkspace w : held) {
                WorkspaceStore.delete(c, w.id());
            }
            NodeStore.delete(c, n.id());
            TokenStore.revoke(c, n.tokenId(), now);
            tx.afterCommit(() -> {
                // the agent's waiting long-poll answers now, and its next request hears that its token is revoked
                notifier.publish(ChangeNotifier.nodeTopic(n.id()));
                for (StoredWorkspace w : held) {
                    cloneTokens.forget(w.id());
                    notifier.publish(ChangeNotifier.workspaceTopic(w.id()));
                }
                log.warn("node removed", JsonObject.builder().put("node_id", n.id()).put("node", n.name())
                        .put("workspaces_removed", held.size()).build());
            });
            return new NodeRemoved(n.id(), n.name(), held.size());
        });
    }

    /** A node token that never registered a node: revoking it is all there is to do. */
    private NodeRemoved unregistered(Tx tx, String name, Instant now) throws SQLException {
        String tokenId = TokenStore.nodeTokenId(tx.connection(), name).orElseThrow(() -> ApiException.notFound(
                "there is no node " + Names.printable(name) + "; GET /nodes lists them (by name and node_id)"));
        TokenStore.revoke(tx.connection(), tokenId, now);
        tx.afterCommit(() -> log.warn("node token revoked", JsonObject.builder().put("node", name).build()));
        return new NodeRemoved(null, name, 0);
    }
}
