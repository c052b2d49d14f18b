package nexus.server.quota;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nexus.core.api.QuotaLimit;
import nexus.core.api.QuotaUpdate;
import nexus.core.api.QuotaUsage;
import nexus.core.api.UserQuota;
import nexus.core.config.Resources;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.server.auth.Principal;
import nexus.server.http.ApiException;
import nexus.server.schedule.PortAllocator;
import nexus.server.store.Database;
import nexus.server.store.QuotaStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.UserStore;

/**
 * Per-user quotas: the limits in force for a user (the server's defaults with the admin's overrides for that user),
 * what the user's workspaces use of them, and the admission checks that {@code Workspaces} runs inside its create
 * and start transactions — the same write transaction that inserts or starts the workspace, so concurrent requests
 * of one user are counted one after the other and cannot overshoot a limit together.
 *
 * <p>CPUs and memory are what the config given at creation asks for ({@code resources}); a workspace created
 * without a config, or whose config asks for none, counts 0 for them (it runs without a cgroup limit, and only the
 * workspace limits bound it). They count while the workspace's desired state is running.
 */
public final class Quotas {
    /** HTTP status of {@code quota_exceeded}: the caller can change the state that refuses it (docs/api.md). */
    public static final int STATUS = 409;
    public static final String CODE = "quota_exceeded";

    private final Database db;
    private final QuotaDefaults defaults;
    private final Clock clock;

    public Quotas(Database db, QuotaDefaults defaults, Clock clock) {
        this.db = db;
        this.defaults = defaults;
        this.clock = clock;
    }

    /** The calling user's quota. */
    public UserQuota mine(Principal p) {
        return db.read(c -> quota(c, UserStore.byId(c, p.userId()).orElseThrow()));
    }

    /** A user's quota, by user name or id (admins). */
    public UserQuota of(String userRef) {
        return db.read(c -> quota(c, user(c, userRef)));
    }

    /** Sets (a number) or resets (null) the limits the update names, for one user (admins); answers the new quota. */
    public UserQuota update(String userRef, QuotaUpdate update) {
        if (update.changes().isEmpty()) {
            throw ApiException.invalid("", "name at least one limit to change: " + String.join(", ",
                    java.util.Arrays.stream(QuotaLimit.values()).map(QuotaLimit::wire).toList())
                    + " (a number sets it, null goes back to the server's default)");
        }
        for (Map.Entry<QuotaLimit, Long> e : update.changes().entrySet()) {
            if (e.getValue() != null) {
                try {
                    QuotaDefaults.checked(e.getKey(), e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw ApiException.invalid(e.getKey().wire(), bad.getMessage());
                }
            }
        }
        return db.write(tx -> {
            Connection c = tx.connection();
            UserStore.User u = user(c, userRef);
            for (Map.Entry<QuotaLimit, Long> e : update.changes().entrySet()) {
                if (e.getValue() == null) {
                    QuotaStore.reset(c, u.id(), e.getKey());
                } else {
                    QuotaStore.set(c, u.id(), e.getKey(), e.getValue(), clock.instant());
                }
            }
            return quota(c, u);
        });
    }

    private UserQuota quota(Connection c, UserStore.User u) throws SQLException {
        Map<QuotaLimit, Long> overrides = QuotaStore.overrides(c, u.id());
        QuotaStore.Usage usage = QuotaStore.usage(c, u.id());
        List<QuotaUsage> limits = new ArrayList<>();
        for (QuotaLimit limit : QuotaLimit.values()) {
            limits.add(new QuotaUsage(limit, overrides.getOrDefault(limit, defaults.get(limit)), usage.get(limit),
                    overrides.containsKey(limit)));
        }
        return new UserQuota(u.id(), u.username(), limits);
    }

    private static UserStore.User user(Connection c, String ref) throws SQLException {
        return UserStore.byRef(c, ref).orElseThrow(() ->
                ApiException.notFound("there is no user " + Names.printable(ref) + " (give a user name or a user-… id)"));
    }

    /**
     * Admits a new workspace of {@code userId} inside the create's transaction, or throws {@code quota_exceeded}.
     * {@code services} is the config's service count, or null when the config is only known on the node: then the
     * server reserves {@link PortAllocator#DEFAULT_SERVICE_PORTS}, but never more than the user's services limit.
     * {@code asked}: the config's resources (none without a config).
     *
     * @return the number of service ports to reserve
     */
    public int admitCreate(Connection c, String userId, Integer services, Resources asked) throws SQLException {
        UserQuota q = quota(c, UserStore.byId(c, userId).orElseThrow());
        require(q, QuotaLimit.WORKSPACES, 1);
        require(q, QuotaLimit.RUNNING_WORKSPACES, 1);
        long servicesAllowed = q.get(QuotaLimit.SERVICES_PER_WORKSPACE).allowed();
        if (services != null && services > servicesAllowed) {
            throw exceeded(q, QuotaLimit.SERVICES_PER_WORKSPACE, services);
        }
        require(q, QuotaLimit.CPU, asked.cpu() == null ? 0 : asked.cpu());
        require(q, QuotaLimit.MEMORY_BYTES, asked.memoryBytes() == null ? 0 : asked.memoryBytes());
        return services != null ? services : (int) Math.min(PortAllocator.DEFAULT_SERVICE_PORTS, servicesAllowed);
    }

    /** Admits a stopped workspace going back to running, inside the start's transaction, or throws quota_exceeded. */
    public void admitStart(Connection c, StoredWorkspace w) throws SQLException {
        UserQuota q = quota(c, UserStore.byId(c, w.ownerId()).orElseThrow());
        QuotaStore.Requested r = QuotaStore.requested(c, w.id());
        require(q, QuotaLimit.RUNNING_WORKSPACES, 1);
        require(q, QuotaLimit.CPU, r.cpu());
        require(q, QuotaLimit.MEMORY_BYTES, r.memoryBytes());
    }

    /** A request that adds nothing to a limit passes even when the limit was lowered below what is used already. */
    private static void require(UserQuota q, QuotaLimit limit, long requested) {
        QuotaUsage u = q.get(limit);
        if (requested > 0 && u.used() + requested > u.allowed()) {
            throw exceeded(q, limit, requested);
        }
    }

    private static ApiException exceeded(UserQuota q, QuotaLimit limit, long requested) {
        QuotaUsage u = q.get(limit);
        long needed = limit == QuotaLimit.SERVICES_PER_WORKSPACE ? requested : u.used() + requested;
        String raise = "ask your Nexus admin to raise " + limit.wire() + " (nexus quota set " + q.username() + " "
                + limit.flag() + " " + limit.format(needed) + ")";
        String message = switch (limit) {
            case WORKSPACES -> "you have " + u.used() + " workspaces and your quota allows " + u.allowed()
                    + ". Delete a workspace you no longer need: nexus workspace list / nexus workspace delete NAME, or " + raise;
            case RUNNING_WORKSPACES -> "you have " + u.used() + " running workspaces and your quota allows " + u.allowed()
                    + ". Stop one you are not using: nexus workspace list --status running / nexus workspace stop NAME, or "
                    + raise;
            case SERVICES_PER_WORKSPACE -> "the config has " + requested + " services and your quota allows "
                    + u.allowed() + " per workspace. Give it at most " + u.allowed() + " services, or " + raise;
            case CPU, MEMORY_BYTES -> "your running workspaces ask for " + limit.format(u.used()) + " " + limit.label()
                    + " and this one for " + limit.format(requested) + " more; your quota allows " + limit.format(u.allowed())
                    + ". Stop a running workspace (nexus workspace list --status running / nexus workspace stop NAME), "
                    + "ask for less in the config's resources, or " + raise;
        };
        return new ApiException(STATUS, CODE, "quota exceeded (" + limit.wire() + "): " + message, JsonObject.builder()
                .put("limit", limit.wire())
                .put("allowed", u.allowed())
                .put("used", u.used())
                .put("requested", requested)
                .build());
    }
}
