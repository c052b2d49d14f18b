package nexus.server.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nexus.core.api.NodeTokenResponse;
import nexus.core.id.Ids;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistered;
import nexus.core.protocol.NodeRegistration;
import nexus.server.auth.Principal;
import nexus.server.auth.Scope;
import nexus.server.auth.TokenLifetimes;
import nexus.server.events.ChangeNotifier;
import nexus.server.http.ApiException;
import nexus.server.log.JsonLog;
import nexus.server.store.Database;
import nexus.server.store.NodeStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.TokenStore;
import nexus.server.store.Tx;
import nexus.server.store.WorkspaceStore;

/**
 * Nodes joining and staying alive: registration (a node token always maps to the same node id), heartbeats, the
 * check that a node token only acts on its own node, and the liveness sweep that marks silent nodes offline.
 * A node comes back online with its next sign of life (register, heartbeat or status report).
 */
public final class NodeRegistry {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.:_-]{0,252})?|\\[[0-9A-Fa-f:.]{2,60}]");
    private static final Pattern DRIVER = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final Database db;
    private final ChangeNotifier notifier;
    private final JsonLog log;
    private final Clock clock;
    private final Duration nodeTimeout;
    private final TokenLifetimes lifetimes;

    public NodeRegistry(Database db, ChangeNotifier notifier, JsonLog log, Clock clock, Duration nodeTimeout,
                        TokenLifetimes lifetimes) {
        this.db = db;
        this.notifier = notifier;
        this.log = log;
        this.clock = clock;
        this.nodeTimeout = nodeTimeout;
        this.lifetimes = lifetimes;
    }

    /** The registration answer and whether the node is new (201) or known (200). */
    public record Registered(NodeRegistered body, boolean created) {}

    public Registered register(Principal p, NodeRegistration r) {
        check(r);
        Instant now = clock.instant();
        return db.write(tx -> {
            Connection c = tx.connection();
            Optional<NodeStore.Node> known = NodeStore.byTokenId(c, p.tokenId());
            String id;
            if (known.isPresent()) {
                id = known.get().id();
                NodeStore.updateRegistration(c, id, r, now);
                if (known.get().online() && !known.get().advertiseHost().equals(r.advertiseHost())) {
                    workspacesChanged(tx, id); // their SSH host is the node's address
                }
                cameBack(tx, known.get());
            } else {
                id = Ids.newId(Ids.NODE);
                NodeStore.insert(c, id, p.tokenId(), p.tokenName(), r, now);
                tx.afterCommit(() -> log.info("node registered", JsonObject.builder().put("node_id", id)
                        .put("node", p.tokenName()).put("advertise_host", r.advertiseHost()).build()));
            }
            return new Registered(new NodeRegistered(id, heartbeatIntervalSeconds(), timeoutSeconds()), known.isEmpty());
        });
    }

    public void heartbeat(String nodeId, Heartbeat h) {
        Instant now = clock.instant();
        db.write(tx -> {
            NodeStore.Node node = NodeStore.byId(tx.connection(), nodeId).orElseThrow(() -> removed(nodeId));
            NodeStore.heartbeat(tx.connection(), nodeId, h, now);
            cameBack(tx, node);
            return null;
        });
    }

    /** A status report is a sign of life too; call inside the report's transaction. */
    void seen(Tx tx, String nodeId) throws SQLException {
        NodeStore.Node node = NodeStore.byId(tx.connection(), nodeId).orElseThrow(() -> removed(nodeId));
        NodeStore.seen(tx.connection(), nodeId, clock.instant());
        cameBack(tx, node);
    }

    /** An offline node that shows a sign of life is online again; its workspaces show their reported states. */
    private void cameBack(Tx tx, NodeStore.Node before) throws SQLException {
        if (before.online()) {
            return;
        }
        workspacesChanged(tx, before.id());
        tx.afterCommit(() -> log.info("node online", JsonObject.builder().put("node_id", before.id()).put("node", before.name()).build()));
    }

    /**
     * What users see of a node's workspaces changed with the node: each gets a new version and its event waiters are
     * woken. Returns how many.
     */
    private int workspacesChanged(Tx tx, String nodeId) throws SQLException {
        WorkspaceStore.touchAllOnNode(tx.connection(), nodeId);
        List<StoredWorkspace> affected = WorkspaceStore.onNode(tx.connection(), nodeId);
        tx.afterCommit(() -> affected.forEach(w -> notifier.publish(ChangeNotifier.workspaceTopic(w.id()))));
        return affected.size();
    }

    /**
     * Marks nodes silent for longer than the node timeout offline; their workspaces show {@code unknown}.
     * Returns how many went offline.
     */
    public int sweep() {
        Instant cutoff = clock.instant().minus(nodeTimeout);
        return db.write(tx -> {
            Connection c = tx.connection();
            List<String> silent = NodeStore.silentSince(c, cutoff);
            for (String id : silent) {
                NodeStore.Node node = NodeStore.byId(c, id).orElseThrow();
                NodeStore.markOffline(c, id);
                int affected = workspacesChanged(tx, id);
                tx.afterCommit(() -> log.warn("node offline", JsonObject.builder().put("node_id", id).put("node", node.name())
                        .put("last_seen", node.lastSeen()).put("workspaces", affected).build()));
            }
            return silent.size();
        });
    }

    /**
     * The answer to a node's request that was let in just before an admin removed the node (and revoked its token):
     * the same 401 its next request gets.
     */
    public static ApiException removed(String nodeId) {
        return new ApiException(401, "auth_required", "node " + nodeId + " was removed by an admin and its node token revoked; "
                + "ask the server's admin for a new node token ('nexus node add', or POST /nodes/tokens) and start the agent with it");
    }

    /** A node token may only act on the node it registered (403 otherwise, also for ids that do not exist). */
    public void ownNode(Principal p, String nodeId) {
        Optional<NodeStore.Node> own = db.read(c -> NodeStore.byTokenId(c, p.tokenId()));
        if (own.isEmpty()) {
            throw ApiException.forbidden("this node token has not registered a node yet; POST /nodes/register first");
        }
        if (!own.get().id().equals(nodeId)) {
            throw ApiException.forbidden("this node token belongs to node " + own.get().id() + ", not " + Names.printable(nodeId));
        }
    }

    /** Mints a token that registers a node named {@code name} (unique among unrevoked node tokens). */
    public NodeTokenResponse mintToken(String name) {
        if (!Names.isValid(name)) {
            throw ApiException.invalid("name", "node name \"" + Names.printable(name) + "\" must use only lowercase letters, "
                    + "digits and '-', start with a letter or digit, and have at most 63 characters (e.g. \""
                    + Names.suggest(name) + "\")");
        }
        return db.write(tx -> {
            if (TokenStore.nodeTokenId(tx.connection(), name).isPresent()) {
                throw ApiException.conflict("a node token named " + name + " exists already; pick another name, or remove "
                        + "that node first (DELETE /nodes/" + name + ")", JsonObject.builder().put("name", name).build());
            }
            Instant now = clock.instant();
            return new NodeTokenResponse(TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.NODE, null, name,
                    "node " + name, lifetimes.nodeExpiry(now)), now).token(), name);
        });
    }

    public List<NodeStore.Node> all() {
        return db.read(NodeStore::all);
    }

    public int heartbeatIntervalSeconds() {
        return (int) Math.max(1, nodeTimeout.toSeconds() / 3);
    }

    public int timeoutSeconds() {
        return (int) Math.max(1, (nodeTimeout.toMillis() + 999) / 1000);
    }

    /** Checks what the record's reader cannot: plausible host, drivers, capacity and port ranges. */
    private static void check(NodeRegistration r) {
        if (!HOST.matcher(r.advertiseHost()).matches()) {
            throw ApiException.invalid("advertise_host", "advertise_host must be a host name or IP address, got \""
                    + Names.printable(r.advertiseHost()) + "\"");
        }
        if (r.drivers().isEmpty()) {
            throw ApiException.invalid("drivers", "drivers lists the drivers that work on the node; it is empty");
        }
        for (String d : r.drivers()) {
            if (!DRIVER.matcher(d).matches()) {
                throw ApiException.invalid("drivers", "driver name \"" + Names.printable(d) + "\" is not a driver name");
            }
        }
        var cap = r.capacity();
        if (cap.cpus() < 0 || cap.memoryMb() < 0 || cap.diskMb() < 0 || cap.maxWorkspaces() < 0) {
            throw ApiException.invalid("capacity", "capacity values cannot be negative");
        }
        var ssh = r.sshPorts();
        var svc = r.servicePorts();
        if (ssh.first() <= svc.last() && svc.first() <= ssh.last()) {
            throw ApiException.invalid("service_ports", "ssh_ports " + ssh + " and service_ports " + svc + " overlap; "
                    + "give them separate ranges");
        }
        if (r.version().length() > 64 || r.name().length() > 253) {
            throw ApiException.invalid(r.version().length() > 64 ? "version" : "name", "value is too long");
        }
    }
}
