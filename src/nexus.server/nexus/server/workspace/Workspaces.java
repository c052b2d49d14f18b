package nexus.server.workspace;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.DesiredState;
import nexus.core.api.Phase;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceEvent;
import nexus.core.api.WorkspaceList;
import nexus.core.api.WorkspaceState;
import nexus.core.config.Resources;
import nexus.core.id.Ids;
import nexus.core.id.Names;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.server.auth.Principal;
import nexus.server.auth.Scope;
import nexus.server.events.ChangeNotifier;
import nexus.server.http.ApiException;
import nexus.server.quota.Quotas;
import nexus.server.schedule.PortAllocator;
import nexus.server.schedule.Scheduler;
import nexus.server.store.Database;
import nexus.server.store.IdempotencyStore;
import nexus.server.store.NodeStore;
import nexus.server.store.PortStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.Tx;
import nexus.server.store.UserStore;
import nexus.server.store.WorkspaceStore;
import nexus.server.upload.Uploads;
import nexus.server.workspace.WorkspaceLifecycle.Action;

/**
 * What users do with workspaces: create (schedule + ports + row in one transaction), find by id or name, list,
 * the lifecycle actions, and waiting for changes. Visibility is enforced here: a user only ever finds their own
 * workspaces (others' are "not found", so names and ids cannot be probed); an admin finds any by id.
 */
public final class Workspaces {
    /** How long an Idempotency-Key is remembered. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Estimate before any workspace has become ready on this server. */
    static final int DEFAULT_ESTIMATE_SECONDS = 60;

    private final Database db;
    private final ChangeNotifier notifier;
    private final CloneTokens cloneTokens;
    private final Quotas quotas;
    private final Clock clock;

    public Workspaces(Database db, ChangeNotifier notifier, CloneTokens cloneTokens, Quotas quotas, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.cloneTokens = cloneTokens;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * A validated create request: the record, what its config asks for — its number of services (null without a
     * config: the services are then only known on the node) and its resources — and its idempotency fingerprint.
     */
    public record NewWorkspace(CreateWorkspaceRequest request, Integer services, Resources resources, String fingerprint) {}

    /** The workspace a create made (or, replayed with the same Idempotency-Key, made before). */
    public record Created(StoredWorkspace workspace, boolean replayed, int estimatedSeconds) {}

    public Created create(Principal user, NewWorkspace n, String idempotencyKey) {
        Instant now = clock.instant();
        String id = Ids.newId(Ids.WORKSPACE);
        try {
            return db.write(tx -> insert(tx, user, n, idempotencyKey, id, now));
        } catch (RuntimeException e) {
            cloneTokens.forget(id);
            throw e;
        }
    }

    private Created insert(Tx tx, Principal user, NewWorkspace n, String idempotencyKey, String id,
                           Instant now) throws SQLException {
        CreateWorkspaceRequest req = n.request();
        Connection c = tx.connection();
        if (idempotencyKey != null) {
            IdempotencyStore.expire(c, now.minus(IDEMPOTENCY_WINDOW));
            Optional<IdempotencyStore.Entry> earlier = IdempotencyStore.find(c, user.userId(), idempotencyKey,
                    now.minus(IDEMPOTENCY_WINDOW));
            if (earlier.isPresent()) {
                return replay(c, earlier.get(), n.fingerprint(), idempotencyKey);
            }
        }
        Optional<StoredWorkspace> same = WorkspaceStore.byOwnerAndName(c, user.userId(), req.name());
        if (same.isPresent()) {
            StoredWorkspace w = same.get();
            throw new ApiException(409, "workspace_exists", "you already have a workspace named " + req.name()
                    + (w.status() == WorkspaceState.DELETING ? " (being deleted; wait until it is gone or pick another name)"
                    : "; pick another name, or use it: nexus workspace connect " + req.name()),
                    JsonObject.builder().put("workspace_id", w.id()).put("status", w.shownStatus()).build());
        }
        int servicePorts = quotas.admitCreate(c, user.userId(), n.services(), n.resources());
        Placement placement = place(c, req.provider(), servicePorts);
        NodeStore.Node node = placement.node();
        WorkspaceStore.insert(c, new WorkspaceStore.NewWorkspace(id, user.userId(), req.name(), node.id(), req.repo(),
                req.provider(), req.image(), req.config(), List.of(new TimelineEntry(Phase.SCHEDULED, now, 0L)), now,
                n.resources().cpu(), n.resources().memoryBytes()));
        PortAllocator.hold(c, node, id, placement.ports());
        if (req.repo().isUpload()) {
            Uploads.use(c, user.userId(), req.repo().upload(), id, now);
        }
        if (idempotencyKey != null) {
            IdempotencyStore.put(c, user.userId(), idempotencyKey, new IdempotencyStore.Entry(n.fingerprint(), id), now);
        }
        NodeStore.bumpAssignments(c, node.id());
        if (req.cloneToken() != null) {
            // In memory before the agent can see the spec; dropped again if this transaction fails.
            cloneTokens.put(id, req.cloneToken());
        }
        tx.afterCommit(() -> notifier.publish(ChangeNotifier.nodeTopic(node.id())));
        return new Created(WorkspaceStore.byId(c, id).orElseThrow(), false, estimate(c));
    }

    private Created replay(Connection c, IdempotencyStore.Entry earlier, String fingerprint, String key) throws SQLException {
        if (!earlier.requestHash().equals(fingerprint)) {
            throw ApiException.conflict("Idempotency-Key " + Names.printable(key) + " was used for a different request; "
                    + "use a new key for a new workspace", JsonObject.builder().put("workspace_id", earlier.workspaceId()).build());
        }
        StoredWorkspace w = WorkspaceStore.byId(c, earlier.workspaceId()).orElseThrow(() -> ApiException.conflict(
                "the workspace created with Idempotency-Key " + Names.printable(key) + " has been deleted since; "
                        + "use a new key to create another", JsonObject.builder().put("workspace_id", earlier.workspaceId()).build()));
        return new Created(w, true, estimate(c));
    }

    private record Placement(NodeStore.Node node, PortStore.WorkspacePorts ports) {}

    /** Picks the node and its ports, or answers why no node can take the workspace. */
    private static Placement place(Connection c, String provider, int servicePorts) throws SQLException {
        Scheduler.Candidates candidates = Scheduler.candidates(c, provider);
        List<PortAllocator.PortsExhausted> exhausted = new ArrayList<>();
        for (NodeStore.Node node : candidates.nodes()) {
            try {
                return new Placement(node, PortAllocator.choose(c, node, servicePorts));
            } catch (PortAllocator.PortsExhausted e) {
                exhausted.add(e);
            }
        }
        if (!exhausted.isEmpty()) {
            PortAllocator.PortsExhausted e = exhausted.getFirst();
            List<JsonObject> nodes = exhausted.stream().map(x -> JsonObject.builder()
                    .put("node", x.nodeName()).put("kind", x.kind().toLowerCase(java.util.Locale.ROOT))
                    .put("range", x.range().toString()).put("needed", x.needed()).put("free", x.free()).build()).toList();
            throw new ApiException(503, "ports_exhausted", "no node has enough free ports: node " + e.nodeName() + " has "
                    + e.free() + " free " + e.kind() + " ports in its range " + e.range() + " and this workspace needs "
                    + e.needed() + ". Delete workspaces you no longer need (nexus workspace list), or give the node a wider "
                    + "range when its agent registers", JsonObject.builder()
                    .put("nodes", JsonArray.ofValues(new ArrayList<>(nodes))).build());
        }
        String need = provider == null ? "" : " with the " + provider + " driver";
        String why = candidates.online() == 0 ? "no node is online"
                : candidates.withDriver() == 0 ? candidates.online() + " node(s) online, none" + need
                : "every online node" + need + " is full (max_workspaces reached)";
        throw new ApiException(503, "no_node_available", "no node can take this workspace: " + why + ". Start an agent on a "
                + "host (nexus-agent serve --server URL --token NODE_TOKEN; an admin mints tokens with POST /nodes/tokens) "
                + "and check nexus node list", JsonObject.builder().put("provider", provider)
                .put("nodes_online", candidates.online()).put("nodes_with_driver", candidates.withDriver()).build());
    }

    private static int estimate(Connection c) throws SQLException {
        long s = WorkspaceStore.recentCreationSeconds(c);
        return s < 0 ? DEFAULT_ESTIMATE_SECONDS : (int) Math.max(1, s);
    }

    /** The caller's workspace by id or name (one statement: {@link Database#readOne}). */
    public StoredWorkspace find(Principal p, String ref) {
        return db.readOne(c -> resolve(c, p, ref));
    }

    private static StoredWorkspace resolve(Connection c, Principal p, String ref) throws SQLException {
        Optional<StoredWorkspace> found;
        if (Ids.isId(Ids.WORKSPACE, ref)) {
            found = WorkspaceStore.byId(c, ref).filter(w -> p.scope() == Scope.ADMIN || w.ownerId().equals(p.userId()));
        } else if (Names.isValid(ref)) {
            if (p.scope() == Scope.ADMIN) {
                throw ApiException.notFound("admins address workspaces by id (ws-…); GET /workspaces lists them");
            }
            found = WorkspaceStore.byOwnerAndName(c, p.userId(), ref);
        } else {
            throw ApiException.invalid("ws", "\"" + Names.printable(ref) + "\" is neither a workspace id (ws-…) nor a "
                    + "workspace name (lowercase letters, digits and '-')");
        }
        return found.orElseThrow(() -> ApiException.notFound("you have no workspace " + ref + "; nexus workspace list shows yours"));
    }

    /**
     * A page of workspaces by name. Users see their own ({@code owner}, if given, must name them); admins see
     * everyone's, or one owner's (user name or id).
     */
    public WorkspaceList list(Principal p, String owner, WorkspaceState status, int limit, int offset) {
        return db.read(c -> {
            String ownerId;
            if (p.scope() == Scope.ADMIN) {
                ownerId = owner == null ? null : ownerIdOf(c, owner);
            } else {
                if (owner != null && !owner.equals(p.userId())
                        && !owner.equalsIgnoreCase(UserStore.byId(c, p.userId()).map(UserStore.User::username).orElse(""))) {
                    throw ApiException.forbidden("you can only list your own workspaces; leave out owner= or use your own user name");
                }
                ownerId = p.userId();
            }
            if (ownerId == null && owner != null) {
                return new WorkspaceList(List.of(), 0, limit, offset);
            }
            String s = status == null ? null : status.wire();
            List<StoredWorkspace> page = WorkspaceStore.page(c, ownerId, s, limit, offset);
            return new WorkspaceList(page.stream().map(StoredWorkspace::toApi).toList(), WorkspaceStore.count(c, ownerId, s),
                    limit, offset);
        });
    }

    private static String ownerIdOf(Connection c, String owner) throws SQLException {
        return UserStore.byRef(c, owner).map(UserStore.User::id).orElse(null);
    }

    /** Applies a lifecycle action (see {@link WorkspaceLifecycle}) and returns the workspace as it now is. */
    public StoredWorkspace act(Principal p, String ref, Action action, boolean force) {
        return db.write(tx -> {
            Connection c = tx.connection();
            StoredWorkspace w = resolve(c, p, ref);
            WorkspaceLifecycle.Plan plan = WorkspaceLifecycle.plan(w, action, force);
            if (!plan.changed()) {
                return w;
            }
            if (plan.desired() == DesiredState.RUNNING && w.desired() != DesiredState.RUNNING) {
                quotas.admitStart(c, w);
            }
            WorkspaceStore.updateDesired(c, w.id(), plan.desired(), plan.status(), plan.generation(), plan.restartGeneration(),
                    plan.force(), clock.instant());
            NodeStore.bumpAssignments(c, w.nodeId());
            tx.afterCommit(() -> {
                if (action == Action.DELETE) {
                    cloneTokens.forget(w.id());
                }
                notifier.publish(ChangeNotifier.nodeTopic(w.nodeId()));
                notifier.publish(ChangeNotifier.workspaceTopic(w.id()));
            });
            return WorkspaceStore.byId(c, w.id()).orElseThrow();
        });
    }

    /**
     * Long-poll: the workspace as soon as its version exceeds {@code since}, or as it is when {@code wait} ends.
     * A workspace that disappears meanwhile (its deletion completed) is answered 404.
     */
    public WorkspaceEvent awaitChange(Principal p, String ref, long since, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        String id = find(p, ref).id();
        while (true) {
            ChangeNotifier.Watch watch = notifier.watch(ChangeNotifier.workspaceTopic(id));
            StoredWorkspace w = db.read(c -> WorkspaceStore.byId(c, id)).orElseThrow(() ->
                    ApiException.notFound("workspace " + ref + " no longer exists (its deletion completed)"));
            if (w.version() > since) {
                return new WorkspaceEvent(w.version(), true, w.toApi());
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero() || notifier.isClosed()) {
                return new WorkspaceEvent(w.version(), false, w.toApi());
            }
            watch.await(left);
        }
    }
}
